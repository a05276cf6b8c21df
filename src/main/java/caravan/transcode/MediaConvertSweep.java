package caravan.transcode;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.EngineJob;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.Job;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * The safety net under MediaConvert's job events: run periodically, it reads the unfinished assets in one store query
 * (by status) and looks only at those whose MediaConvert job has gone {@code overdue} without any update. For each it
 * asks {@code GetJob}: a job that ended (or ran past its time limit) is claimed for finishing, just as its lost event
 * would have done; one still running gets its progress recorded, which also puts off the next look by {@code overdue}.
 * An asset whose finisher stopped part way (its job's end recorded, or publishing begun, then nothing) is taken over.
 * Every claim is conditional on the asset being unchanged since the query ({@link JobOutcomeClaim}), so two sweeps,
 * or a sweep and a late event, never finish one asset twice.
 */
public final class MediaConvertSweep {
    private static final Logger LOG = LoggerFactory.getLogger(MediaConvertSweep.class);
    private final MediaConvertClient mediaConvert;
    private final AssetStore store;
    private final Clock clock;
    private final Duration overdue;
    private final Duration timeout;

    public MediaConvertSweep(MediaConvertClient mediaConvert, AssetStore store, Clock clock, Duration overdue, Duration timeout) {
        this.mediaConvert = mediaConvert;
        this.store = store;
        this.clock = clock;
        this.overdue = overdue;
        this.timeout = timeout;
    }

    /** The ids of the assets this worker now finishes (publishes or fails). */
    public List<String> overdueJobs() {
        Instant cutoff = clock.instant().minus(overdue);
        List<String> finish = new ArrayList<>();
        for (Asset asset : store.findByStatus(EnumSet.of(AssetStatus.TRANSCODING, AssetStatus.PUBLISHING))) {
            EngineJob job = asset.getEngineJob();
            if (job == null || !TranscodeEngine.MEDIACONVERT.equals(job.engine()) || asset.getUpdatedAt() == null
                    || asset.getUpdatedAt().isAfter(cutoff)) {
                continue;
            }
            try {
                if (check(asset, job)) {
                    finish.add(asset.getId());
                }
            } catch (RuntimeException e) {
                LOG.warn("Asset {}: could not check MediaConvert job {}; the next sweep tries again", asset.getId(), job.jobId(), e);
            }
        }
        return finish;
    }

    private boolean check(Asset asset, EngineJob job) {
        String id = asset.getId();
        Instant seen = asset.getUpdatedAt();
        Predicate<Asset> unchanged = a -> seen.equals(a.getUpdatedAt()) && a.getStatus() == asset.getStatus()
                && a.getEngineJob() != null && job.jobId().equals(a.getEngineJob().jobId());
        if (asset.getStatus() == AssetStatus.PUBLISHING || JobOutcomeClaim.ended(job.status())) {
            boolean claimed = JobOutcomeClaim.claim(store, id, unchanged, a -> { });
            if (claimed) {
                LOG.info("Asset {}: finishing MediaConvert job {} ({}) whose finisher stopped", id, job.jobId(), job.status());
            }
            return claimed;
        }
        Job found = mediaConvert.getJob(b -> b.id(job.jobId())).job();
        String status = found.statusAsString();
        String code = found.errorCode() == null ? null : String.valueOf(found.errorCode());
        Integer percent = found.jobPercentComplete();
        boolean ended = JobOutcomeClaim.ended(status);
        boolean timedOut = !ended && found.createdAt() != null && found.createdAt().plus(timeout).isBefore(clock.instant());
        boolean claimed = JobOutcomeClaim.claim(store, id, unchanged.and(a -> JobOutcomeClaim.waitsFor(a, job.jobId())), a -> {
            a.setEngineJob(a.getEngineJob().withStatus(status, code, found.errorMessage()));
            if (percent != null) {
                a.setProgress(Math.min(99, Math.max(a.getProgress(), percent)));
            }
        });
        if (claimed && (ended || timedOut)) {
            LOG.info("Asset {}: MediaConvert job {} is {} (its event is overdue)", id, job.jobId(), timedOut ? "past its time limit" : status);
            return true;
        }
        return false;
    }
}
