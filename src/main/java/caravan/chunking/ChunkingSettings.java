package caravan.chunking;

import caravan.Settings;

/**
 * Split-and-stitch encoding (README "Split-and-stitch"): with the ffmpeg engine and MPEG-TS packaging, a video of at
 * least {@code minSeconds} is encoded in chunks of about {@code chunkSeconds} (rounded down to whole segments, and to
 * whole key periods when keys rotate), each a work item any worker takes.
 *
 * @param enabled      whether long videos are split at all
 * @param minSeconds   the shortest video that is split
 * @param chunkSeconds a chunk's length
 */
public record ChunkingSettings(boolean enabled, long minSeconds, int chunkSeconds) {
    public static ChunkingSettings from(Settings s) {
        return new ChunkingSettings(s.flag("caravan.chunking.enabled"), s.wholeAtLeast("caravan.chunking.minSeconds", 1),
                s.intAtLeast("caravan.chunking.chunkSeconds", 2));
    }
}
