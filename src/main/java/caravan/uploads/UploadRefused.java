package caravan.uploads;

/**
 * A request about an upload that cannot be served, answered as a problem (RFC 9457) with this status and code. The
 * detail is Caravan's own sentence: never a server path, never a value copied from the request.
 */
public final class UploadRefused extends RuntimeException {
    private final int status;
    private final String code;

    public UploadRefused(int status, String code, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
