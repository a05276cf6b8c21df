package caravan.failure;

/**
 * The upload itself is unusable (bad file, over a limit, bad sidecar). Never retried:
 * the asset fails at once with {@link #code()} and a message the uploader can act on.
 */
public class RejectedInput extends RuntimeException {
    private final ErrorCode code;

    public RejectedInput(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
