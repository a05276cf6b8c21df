package caravan.failure;

/** ffmpeg exited with an error on a file that probed fine: possibly transient, so it is redelivered. */
public class TranscodeFailed extends RuntimeException {
    public TranscodeFailed(String message) {
        super(message);
    }
}
