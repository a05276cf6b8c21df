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
 * job's user metadata. An event that ends the job the asset waits for (COMPLETE, ERROR, CANCELED) hands the asset on
 * to be finished (published or failed) by the worker that recorded it: recording the end is the claim
 * ({@link JobOutcomeClaim}), so a repeated event, or a sweep that saw the end first, finishes nothing twice.
 * Events of other jobs or of unknown assets are ignored.
 */
public final class MediaConvertEvents {
    private static final Logger LOG = LoggerFactory.getLogger(MediaConvertEvents.class);
    private final AssetStore store;

    public MediaConvertEvents(AssetStore store) {
        this.store = store;
    }

    /** Records the event; returns the id of the asset this worker now finishes, or null when there is none. */
    public String record(String body) throws IOException {
        JsonNode event = Json.MAPPER.readTree(body);
        if (!"aws.mediaconvert".equals(event.path("source").asText())) {
            return null;
        }
        JsonNode detail = event.path("detail");
        String assetId = detail.path("userMetadata").path("assetId").asText(null);
        String jobId = detail.path("jobId").asText(null);
        String status = detail.path("status").asText(null);
        if (assetId == null || jobId == null || status == null || store.find(assetId).isEmpty()) {
            return null;
        }
        String code = detail.hasNonNull("errorCode") ? detail.path("errorCode").asText() : null;
        String message = detail.hasNonNull("errorMessage") ? detail.path("errorMessage").asText() : null;
        // an ended job's status is final: a late or repeated event never writes over it
        boolean recorded = JobOutcomeClaim.claim(store, assetId,
                a -> JobOutcomeClaim.waitsFor(a, jobId) && !JobOutcomeClaim.ended(a.getEngineJob().status()),
                a -> a.setEngineJob(a.getEngineJob().withStatus(status, code, message)));
        LOG.info("Asset {}: MediaConvert job {} is {}{}", assetId, jobId, status, recorded ? "" : " (not awaited: ignored)");
        return recorded && JobOutcomeClaim.ended(status) ? assetId : null;
    }
}
