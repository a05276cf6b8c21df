package routes;

import caravan.metadata.MetadataStage;
import caravan.probe.ProbeStage;

/** The exchange headers the pipeline's routes share. */
final class Headers {
    static final String ASSET_ID = MetadataStage.ASSET_ID;
    static final String DUPLICATE_OF = ProbeStage.DUPLICATE_OF;

    private Headers() {
    }
}
