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

    public TranscodeFailed(int exitValue, String redactedDetail) {
        this(exitValue, redactedDetail, null);
    }

    public TranscodeFailed(int exitValue, String redactedDetail, RejectedInput whenExhausted) {
        super("ffmpeg exited with " + exitValue + (redactedDetail == null || redactedDetail.isBlank() ? "" : ": " + redactedDetail));
        this.exitValue = exitValue;
        this.whenExhausted = whenExhausted;
    }

    public int exitValue() {
        return exitValue;
    }

    public RejectedInput whenExhausted() {
        return whenExhausted;
    }

    /** A sentence without ffmpeg's output, paths or anything else from the server. */
    public String userMessage() {
        return "Transcoding failed: ffmpeg exited with " + exitValue + ". The source is kept; the asset can be retried.";
    }
}
