package caravan.archive;

/**
 * A reason the asset cannot be retried, as a user would read it: no such asset, not FAILED, or its kept source
 * cannot be brought back.
 */
public class NotRetryable extends RuntimeException {
    public NotRetryable(String message) {
        super(message);
    }
}
