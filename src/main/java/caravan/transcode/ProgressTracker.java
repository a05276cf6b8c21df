package caravan.transcode;

import caravan.store.AssetStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows running transcodes: reads the {@code -progress} file ffmpeg writes and records the percentage on the asset.
 * The percentage only moves forward and stays below 100 until the asset is published.
 */
public final class ProgressTracker implements AutoCloseable {
    private final AssetStore store;
    private final ScheduledExecutorService timer;
    private final long periodMillis;
    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();

    public ProgressTracker(AssetStore store, long periodMillis) {
        this.store = store;
        this.periodMillis = periodMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "caravan-progress");
            t.setDaemon(true);
            return t;
        });
    }

    public void start(String assetId, Path progressFile, double durationSeconds) {
        start(assetId, assetId, progressFile, seconds -> share(seconds, durationSeconds));
    }

    /**
     * Follows one of several passes of the asset at once (a chunk), under its own {@code key}: {@code percentAt} turns
     * the seconds this pass has encoded into the asset's percentage.
     */
    public void start(String key, String assetId, Path progressFile, java.util.function.DoubleToIntFunction percentAt) {
        stop(key);
        running.put(key, timer.scheduleWithFixedDelay(() -> update(assetId, progressFile, percentAt),
                periodMillis, periodMillis, TimeUnit.MILLISECONDS));
    }

    public void stop(String assetId) {
        ScheduledFuture<?> f = running.remove(assetId);
        if (f != null) {
            f.cancel(false);
        }
    }

    private void update(String assetId, Path file, java.util.function.DoubleToIntFunction percentAt) {
        try {
            double seconds = encodedSeconds(Files.readAllLines(file));
            int percent = seconds > 0 ? Math.min(99, percentAt.applyAsInt(seconds)) : 0;
            if (percent > 0) {
                store.update(assetId, a -> a.setProgress(Math.max(a.getProgress(), percent)));
            }
        } catch (IOException | RuntimeException e) {
            // no progress yet (file not written) or store busy: try again next tick
        }
    }

    /** The last {@code out_time_us} in ffmpeg's progress output as a share of the duration, 0..99. */
    static int percent(List<String> lines, double durationSeconds) {
        return share(encodedSeconds(lines), durationSeconds);
    }

    private static int share(double seconds, double durationSeconds) {
        return seconds <= 0 || durationSeconds <= 0 ? 0 : (int) Math.min(99, seconds / durationSeconds * 100);
    }

    /** The last {@code out_time_us} in ffmpeg's progress output, in seconds (0: none yet). */
    static double encodedSeconds(List<String> lines) {
        long outMicros = -1;
        for (String line : lines) {
            if (line.startsWith("out_time_us=")) {
                try {
                    outMicros = Long.parseLong(line.substring("out_time_us=".length()).trim());
                } catch (NumberFormatException ignored) {
                    // "N/A" before the first frame
                }
            }
        }
        return outMicros <= 0 ? 0 : outMicros / 1e6;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
