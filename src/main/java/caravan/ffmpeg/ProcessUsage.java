package caravan.ffmpeg;

import java.time.Instant;

/**
 * What one child process cost: CPU-seconds (user + system, all its threads) and wall-clock seconds from start to end.
 * {@code started} is when it was launched (files it wrote carry a modification time at or after it).
 */
public record ProcessUsage(double cpuSeconds, double wallSeconds, Instant started) {
    public static final ProcessUsage NONE = new ProcessUsage(0, 0, Instant.EPOCH);
}
