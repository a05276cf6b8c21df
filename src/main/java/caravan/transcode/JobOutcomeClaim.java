package caravan.transcode;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.EngineJob;
import caravan.store.AssetStore;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Who finishes a MediaConvert job: the one writer whose atomic store update finds the asset still as it saw it (a
 * job event recording the job's end, or a sweep acting on an overdue job). The store retries a conflicting write
 * against the fresh record, so of two workers racing for one job exactly one sees its condition hold: an asset is
 * never published or failed twice.
 */
final class JobOutcomeClaim {
    private JobOutcomeClaim() {
    }

    /** Applies {@code change} only when {@code stillAsSeen} holds for the current record; true when it did. */
    static boolean claim(AssetStore store, String id, Predicate<Asset> stillAsSeen, Consumer<Asset> change) {
        boolean[] claimed = {false};
        store.update(id, a -> {
            claimed[0] = stillAsSeen.test(a);
            if (claimed[0]) {
                change.accept(a);
            }
        });
        return claimed[0];
    }

    /** True when the asset waits for this MediaConvert job: it is TRANSCODING with that job. */
    static boolean waitsFor(Asset a, String jobId) {
        EngineJob job = a.getEngineJob();
        return a.getStatus() == AssetStatus.TRANSCODING && job != null && TranscodeEngine.MEDIACONVERT.equals(job.engine()) && job.jobId().equals(jobId);
    }

    static boolean ended(String status) {
        return JobStatus.COMPLETE.toString().equals(status) || failed(status);
    }

    static boolean failed(String status) {
        return JobStatus.ERROR.toString().equals(status) || JobStatus.CANCELED.toString().equals(status);
    }
}
