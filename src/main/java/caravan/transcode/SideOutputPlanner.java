package caravan.transcode;

import caravan.asset.ProbeSummary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Decides what else one asset's transcode pass writes ({@link SideOutputs}) and prepares the folders those files go
 * to. The pass runs in the asset's work folder, so relative paths in filter options are inside it.
 */
@FunctionalInterface
public interface SideOutputPlanner {
    SideOutputPlanner NONE = (assetId, plan, probe) -> SideOutputs.NONE;

    SideOutputs plan(String assetId, LadderPlan plan, ProbeSummary probe) throws IOException;

    /**
     * The same for one chunk of a split-and-stitch encode: files in the chunk's folder {@code chunkDir}, statistics in
     * {@code statsFolder} (relative to the pass's working folder); {@link #mergeChunks} joins them after the last chunk.
     */
    default SideOutputs planChunk(String assetId, LadderPlan plan, ProbeSummary probe, Path chunkDir, String statsFolder)
            throws IOException {
        return SideOutputs.NONE;
    }

    /**
     * Joins the chunks' side outputs ({@code chunkDirs} in order, starting at {@code starts} seconds) into what
     * {@link #plan}'s single pass writes.
     */
    default void mergeChunks(String assetId, LadderPlan plan, ProbeSummary probe, List<Path> chunkDirs, List<Double> starts)
            throws IOException {
    }
}
