package caravan.transcode;

/**
 * Pictures taken across the video by the transcode service itself (MediaConvert's frame capture): one every
 * {@code fpsDenominator / fpsNumerator} seconds from 0 s, at most {@code maxCaptures}, scaled to width × height.
 * {@code name} says what they are for ({@link #POSTER}, {@link #THUMBNAIL}, {@link #TILE}).
 */
public record FrameCapture(String name, int width, int height, int fpsNumerator, int fpsDenominator, int maxCaptures) {
    public static final String POSTER = "poster";
    public static final String THUMBNAIL = "thumb";
    public static final String TILE = "tile";

    /** One picture every {@code seconds} (whole milliseconds) over {@code duration} seconds. */
    public static FrameCapture every(String name, int width, int height, double seconds, double duration) {
        long intervalMs = Math.max(1, Math.round(seconds * 1000));
        int count = (int) Math.max(1, Math.ceil(duration * 1000 / intervalMs - 1e-9));
        return new FrameCapture(name, width, height, 1000, (int) Math.min(Integer.MAX_VALUE, intervalMs), count);
    }
}
