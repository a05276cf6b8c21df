package caravan.chunking;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a finished work item's files wait for the stitch: on one machine they stay in the asset's chunks folder; on
 * AWS each item's folder goes to the work bucket, and the worker that stitches fetches them all.
 */
public interface ChunkOutputs {
    ChunkOutputs LOCAL = new ChunkOutputs() {
    };

    /**
     * After item {@code item} (its folder name) of run {@code run} succeeded, its folder {@code itemDir} is kept (and
     * may be moved away from this worker).
     */
    default void keep(String assetId, int run, String item, Path itemDir) throws IOException {
    }

    /** Before the stitch: every one of {@code items} is in {@code chunksDir} (fetched if it is elsewhere). */
    default void gather(String assetId, int run, List<String> items, Path chunksDir) throws IOException {
    }

    /** After the asset is published or failed, or before a fresh run: every kept item of the asset is removed. */
    default void discard(String assetId) throws IOException {
    }
}
