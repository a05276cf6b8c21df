package caravan.failure;

/**
 * ffmpeg exited with an error on a file that probed fine: possibly transient, so it is redelivered. The message, for
 * logs, carries ffmpeg's error output with the server's paths taken out; the user is only told {@link #userMessage()}.
 * {@link #whenExhausted()}: what the failure is, in the uploader's terms, if it lasts until no retry is left (a file
 * ffmpeg cannot decode); null when it is only a failed transcode.
 */
public class TranscodeFailed extends RuntimeException {
    private final int exitValue;
    private final RejectedInput whenExhausted;
    private final String part;

    public TranscodeFailed(int exitValue, String redactedDetail) {
        this(exitValue, redactedDetail, null);
    }

    public TranscodeFailed(int exitValue, String redactedDetail, RejectedInput whenExhausted) {
        this(exitValue, redactedDetail, whenExhausted, null);
    }

    /** {@code part}: which part of the asset failed ("chunk 3 of 10 (2:00-3:00)"), named to the user; null for the whole. */
    public TranscodeFailed(int exitValue, String redactedDetail, RejectedInput whenExhausted, String part) {
        super("ffmpeg exited with " + exitValue + (redactedDetail == null || redactedDetail.isBlank() ? "" : ": " + redactedDetail));
        this.exitValue = exitValue;
        this.whenExhausted = whenExhausted;
        this.part = part;
    }

    public int exitValue() {
        return exitValue;
    }

    public RejectedInput whenExhausted() {
        return whenExhausted;
    }

    /** A sentence without ffmpeg's output, paths or anything else from the server. */
    public String userMessage() {
        return "Transcoding" + (part == null ? "" : " " + part) + " failed: ffmpeg exited with " + exitValue
                + ". The source is kept; the asset can be retried.";
    }
}
