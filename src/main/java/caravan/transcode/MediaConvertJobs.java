package caravan.transcode;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.EngineJob;
import caravan.delivery.ContentKeys;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.mediaconvert.model.CreateJobRequest;
import software.amazon.awssdk.services.mediaconvert.model.Job;
import software.amazon.awssdk.services.mediaconvert.model.JobStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Transcode with AWS Elemental MediaConvert: submits the job built from the asset's ladder plan (idempotent per
 * asset and run), then waits for its outcome. The outcome normally arrives as a job state-change event (recorded on
 * the asset by {@link MediaConvertEvents}); {@code GetJob} polling with a growing interval is the fallback.
 * COMPLETE lets the asset publish (MediaConvert wrote the HLS itself); ERROR fails it with MediaConvert's reason.
 */
public final class MediaConvertJobs implements TranscodeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MediaConvertJobs.class);

    private final MediaConvertClient mediaConvert;
    private final AssetStore store;
    private final Ladder ladder;
    private final ContentKeys keys;
    private final MediaConvertJobRequest requests;
    private final Clock clock;
    private final Duration firstPoll;
    private final Duration maxPoll;
    private final Duration timeout;

    public MediaConvertJobs(MediaConvertClient mediaConvert, AssetStore store, Ladder ladder, ContentKeys keys,
                            MediaConvertJobRequest requests, Clock clock, Duration firstPoll, Duration maxPoll, Duration timeout) {
        this.mediaConvert = mediaConvert;
        this.store = store;
        this.ladder = ladder;
        this.keys = keys;
        this.requests = requests;
        this.clock = clock;
        this.firstPoll = firstPoll;
        this.maxPoll = maxPoll;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return MEDIACONVERT;
    }

    /**
     * Submits the asset's job, unless it already has one that did not fail (a redelivered message): never a second
     * job for one run. A job that ended in ERROR or CANCELED is an earlier run's (a failed run ends there): a retry
     * gets a job of its own. As with ffmpeg, a new run starts without the previous run's outputs and warnings.
     */
    @Override
    public void prepare(Exchange exchange) {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Asset asset = store.update(id, a -> {
            a.setStatus(AssetStatus.TRANSCODING);
            a.setProgress(0);
            a.setOutputs(null);
            a.setWarnings(null);
        });
        if (asset.getEngineJob() == null || failed(asset.getEngineJob())) {
            submit(asset);
        }
    }

    /** Waits for the job's outcome: recorded by a state-change event, or else polled with a growing interval. */
    @Override
    public void finish(Exchange exchange) throws InterruptedException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        String jobId = store.find(id).orElseThrow().getEngineJob().jobId();
        Instant deadline = clock.instant().plus(timeout);
        Duration interval = firstPoll;
        Instant nextPoll = clock.instant().plus(interval);
        while (clock.instant().isBefore(deadline)) {
            EngineJob known = store.find(id).map(Asset::getEngineJob).orElse(null);
            if (known != null && known.jobId().equals(jobId) && ended(id, known)) {
                return;
            }
            if (!clock.instant().isBefore(nextPoll)) {
                poll(id, jobId);
                interval = interval.multipliedBy(2).compareTo(maxPoll) > 0 ? maxPoll : interval.multipliedBy(2);
                nextPoll = clock.instant().plus(interval);
            }
            Thread.sleep(250);
        }
        throw new RejectedInput(ErrorCode.TRANSCODE_TIMEOUT, "MediaConvert job " + jobId + " did not finish within " + timeout.toMinutes() + " min.");
    }

    private String submit(Asset asset) {
        LadderPlan plan = LadderPlanner.plan(asset.getProbe(), ladder);
        byte[] key = keys.contentKey(asset.getId());
        CreateJobRequest request = requests.build(asset, plan, HexFormat.of().formatHex(key));
        java.util.Arrays.fill(key, (byte) 0);
        Job job = mediaConvert.createJob(request).job();
        store.update(asset.getId(), a -> a.setEngineJob(new EngineJob(MEDIACONVERT, job.id(), job.statusAsString(), null, null)));
        LOG.info("Asset {}: MediaConvert job {} submitted", asset.getId(), job.id());
        return job.id();
    }

    private void poll(String id, String jobId) {
        Job job = mediaConvert.getJob(b -> b.id(jobId)).job();
        Integer percent = job.jobPercentComplete();
        store.update(id, a -> {
            a.setEngineJob(a.getEngineJob().withStatus(job.statusAsString(), job.errorCode() == null ? null : String.valueOf(job.errorCode()),
                    job.errorMessage()));
            if (percent != null) {
                a.setProgress(Math.min(99, Math.max(a.getProgress(), percent)));
            }
        });
    }

    private static boolean failed(EngineJob job) {
        return JobStatus.ERROR.toString().equals(job.status()) || JobStatus.CANCELED.toString().equals(job.status());
    }

    /** True when the job has its outcome and the asset may publish; throws when it failed. */
    private boolean ended(String id, EngineJob job) {
        if (JobStatus.COMPLETE.toString().equals(job.status())) {
            LOG.info("Asset {}: MediaConvert job {} is COMPLETE", id, job.jobId());
            return true;
        }
        if (failed(job)) {
            throw new RejectedInput(ErrorCode.TRANSCODE_FAILED, "MediaConvert job " + job.jobId() + " ended " + job.status()
                    + (job.errorCode() == null ? "" : " with error " + job.errorCode()) + (job.errorMessage() == null ? "" : ": " + job.errorMessage()));
        }
        return false;
    }
}
