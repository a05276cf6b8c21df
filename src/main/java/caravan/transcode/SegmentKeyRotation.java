package caravan.transcode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Moves ffmpeg to the next content key every {@code every} segments while it transcodes. With {@code periodic_rekey}
 * ffmpeg reads the key info file as it starts each segment of each rendition, and states the key URI it read in that
 * segment's own {@code #EXT-X-KEY}: whatever the timing, a segment always names the key it was encrypted with, so
 * players and {@link SegmentDecryption} read it right. Only where the keys change depends on timing. ffmpeg writes a
 * segment's file whole when the segment ends and starts the next one straight after; so once every rendition's
 * segment {@code g*every-2} is there and has had a moment to be written, all have read the key info for
 * {@code g*every-1}, and replacing it now makes {@code g*every} the first segment under key g. The next read comes a
 * whole segment's encoding time later, far longer than the poll; if the machine stalls past it, key g starts a
 * segment early or late in some rendition.
 */
final class SegmentKeyRotation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentKeyRotation.class);
    private static final long POLL_MILLIS = 10;
    /** From a segment's file appearing to ffmpeg having written it and read the key info for the next one. */
    private static final long SETTLE_MILLIS = 25;

    /** Makes key {@code index} the one ffmpeg reads next (writes its key file, then replaces the key info). */
    interface KeySwitch {
        void switchTo(int index) throws IOException;
    }

    private final String assetId;
    private final Path keyInfo;
    private final List<Path> renditions;
    private final int every;
    private final KeySwitch keys;
    private final Thread thread;
    private final int firstKey;
    private volatile boolean stopped;

    /** Watches until closed, or until {@code keyInfo} is gone (the transcode was cleaned up without closing it). */
    SegmentKeyRotation(String assetId, Path keyInfo, Path outDir, List<String> renditionFolders, int every, KeySwitch keys) {
        this(assetId, keyInfo, outDir, renditionFolders, every, 0, keys);
    }

    /** ... starting with key {@code firstKey} (a chunk whose first segment is {@code firstKey * every}). */
    SegmentKeyRotation(String assetId, Path keyInfo, Path outDir, List<String> renditionFolders, int every, int firstKey, KeySwitch keys) {
        if (every < 2) {
            throw new IllegalArgumentException("Keys rotate every 2 segments or more, not " + every);
        }
        this.assetId = assetId;
        this.keyInfo = keyInfo;
        this.renditions = renditionFolders.stream().map(outDir::resolve).toList();
        this.every = every;
        this.keys = keys;
        this.firstKey = firstKey;
        this.thread = new Thread(this::run, "key-rotation-" + assetId);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        int next = firstKey + 1;
        try {
            while (!stopped && Files.exists(keyInfo)) {
                if (writtenEverywhere((long) next * every - 2)) {
                    Thread.sleep(SETTLE_MILLIS);
                    if (!stopped) {
                        keys.switchTo(next);
                        next++;
                    }
                } else {
                    Thread.sleep(POLL_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // ffmpeg goes on with the key it has: every segment still names its key, only the rotation stops
            LOG.warn("Asset {}: content keys stop rotating at key {}: {}", assetId, next - 1, e.toString());
        }
    }

    private boolean writtenEverywhere(long sequence) {
        return !renditions.isEmpty() && renditions.stream().allMatch(r -> Files.exists(r.resolve(TranscodeCommand.segmentFile(sequence))));
    }

    @Override
    public void close() {
        stopped = true; // not interrupted: a key being written is finished, then the watch ends
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
