package caravan.transcode;

import caravan.asset.ProbeSummary;

import java.io.IOException;

/**
 * Decides what else one asset's transcode pass writes ({@link SideOutputs}) and prepares the folders those files go
 * to. The pass runs in the asset's work folder, so relative paths in filter options are inside it.
 */
@FunctionalInterface
public interface SideOutputPlanner {
    SideOutputPlanner NONE = (assetId, plan, probe) -> SideOutputs.NONE;

    SideOutputs plan(String assetId, LadderPlan plan, ProbeSummary probe) throws IOException;
}
