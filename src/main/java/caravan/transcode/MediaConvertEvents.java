package caravan.transcode;

import caravan.asset.Json;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * MediaConvert job state-change events (EventBridge {@code aws.mediaconvert} / {@code MediaConvert Job State Change},
 * delivered to SQS): the job's new status, and its error code and message, are recorded on the asset named by the
 * job's user metadata. Events of other jobs or of unknown assets are ignored.
 */
public final class MediaConvertEvents {
    private static final Logger LOG = LoggerFactory.getLogger(MediaConvertEvents.class);
    private final AssetStore store;

    public MediaConvertEvents(AssetStore store) {
        this.store = store;
    }

    public void record(String body) throws IOException {
        JsonNode event = Json.MAPPER.readTree(body);
        if (!"aws.mediaconvert".equals(event.path("source").asText())) {
            return;
        }
        JsonNode detail = event.path("detail");
        String assetId = detail.path("userMetadata").path("assetId").asText(null);
        String jobId = detail.path("jobId").asText(null);
        String status = detail.path("status").asText(null);
        if (assetId == null || jobId == null || status == null || store.find(assetId).isEmpty()) {
            return;
        }
        String code = detail.hasNonNull("errorCode") ? detail.path("errorCode").asText() : null;
        String message = detail.hasNonNull("errorMessage") ? detail.path("errorMessage").asText() : null;
        store.update(assetId, a -> {
            if (a.getEngineJob() != null && jobId.equals(a.getEngineJob().jobId())) {
                a.setEngineJob(a.getEngineJob().withStatus(status, code, message));
            }
        });
        LOG.info("Asset {}: MediaConvert job {} is {}", assetId, jobId, status);
    }
}
