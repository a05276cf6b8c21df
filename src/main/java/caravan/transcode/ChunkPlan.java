package caravan.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * How a long asset's video is cut for split-and-stitch encoding: consecutive time ranges of a whole number of HLS
 * segments (so of GOPs), each with the media sequence number of its first segment. A single pass cuts its segments on
 * the same 2 s keyframe grid, so the chunks' segments are the ones the single pass would write. A last piece shorter
 * than half a chunk joins the chunk before it (a 61 s video in 60 s chunks is one chunk, not a 1 s straggler).
 */
public record ChunkPlan(int segmentSeconds, List<Chunk> chunks) {

    /** One work item: frames with {@code start <= t < end} ({@code end} infinite for the last chunk). */
    public record Chunk(int index, double start, double end, long firstSegment) {
        public boolean last() {
            return Double.isInfinite(end);
        }
    }

    /**
     * The chunks of a video of {@code durationSeconds}, cut every {@code chunkSeconds} rounded down to whole segments
     * (at least one segment); a video at most one and a half chunks long is one chunk.
     */
    public static ChunkPlan of(double durationSeconds, int segmentSeconds, int chunkSeconds) {
        if (segmentSeconds <= 0 || chunkSeconds <= 0) {
            throw new IllegalArgumentException("segment and chunk lengths must be positive");
        }
        int segmentsPerChunk = Math.max(1, chunkSeconds / segmentSeconds);
        int length = segmentsPerChunk * segmentSeconds;
        List<Chunk> chunks = new ArrayList<>();
        double start = 0;
        int index = 0;
        while (durationSeconds - start > 1.5 * length) {
            chunks.add(new Chunk(index, start, start + length, (long) index * segmentsPerChunk));
            start += length;
            index++;
        }
        chunks.add(new Chunk(index, start, Double.POSITIVE_INFINITY, (long) index * segmentsPerChunk));
        return new ChunkPlan(segmentSeconds, List.copyOf(chunks));
    }

    public boolean split() {
        return chunks.size() > 1;
    }
}
