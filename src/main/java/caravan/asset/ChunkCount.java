package caravan.asset;

/**
 * A video encoded in chunks ({@code caravan.chunking.*}, README "Split-and-stitch"): how many of its work items (the
 * video's chunks and the one audio item) are done, of how many, and how many of its frames are encoded.
 */
public record ChunkCount(int done, int total, long framesDone, long frames) {
}
