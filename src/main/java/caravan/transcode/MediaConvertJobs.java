package caravan.transcode;

import caravan.asset.Asset;
import caravan.asset.AssetCost;
import caravan.asset.ProbeSummary;
import caravan.cost.CostMetrics;
import caravan.cost.NormalizedMinutes;
import software.amazon.awssdk.services.mediaconvert.model.JobSettings;
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

import java.time.Duration;
import java.util.HexFormat;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Transcode with AWS Elemental MediaConvert: submits the job built from the asset's ladder plan (idempotent per
 * asset and run) and records it on the asset; no worker waits while it runs. Its end arrives as a job state-change
 * event ({@link MediaConvertEvents}), or is found by the periodic {@link MediaConvertSweep} when the event is
 * overdue; whichever records it first runs {@link #finish}. COMPLETE lets the asset publish (MediaConvert wrote the
 * HLS itself); ERROR or CANCELED fails it with MediaConvert's reason.
 */
public final class MediaConvertJobs implements TranscodeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(MediaConvertJobs.class);

    private final MediaConvertClient mediaConvert;
    private final AssetStore store;
    private final Ladder ladder;
    private final ContentKeys keys;
    private final MediaConvertJobRequest requests;
    private final Duration timeout;
    private final CostMetrics costs;

    public MediaConvertJobs(MediaConvertClient mediaConvert, AssetStore store, Ladder ladder, ContentKeys keys,
                            MediaConvertJobRequest requests, Duration timeout, CostMetrics costs) {
        this.costs = costs;
        this.mediaConvert = mediaConvert;
        this.store = store;
        this.ladder = ladder;
        this.keys = keys;
        this.requests = requests;
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

    /**
     * Runs once the job has ended (its event, or the sweep, recorded the end and claimed the asset): COMPLETE lets
     * the asset publish; ERROR or CANCELED fails it with MediaConvert's reason; a job that never ended was given up
     * by the sweep at its time limit. Nothing here waits: the job ran without a worker.
     */
    @Override
    public void finish(Exchange exchange) {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        EngineJob job = store.find(id).orElseThrow().getEngineJob();
        if (JobStatus.COMPLETE.toString().equals(job.status())) {
            LOG.info("Asset {}: MediaConvert job {} is COMPLETE", id, job.jobId());
            recordNormalizedMinutes(id);
            return;
        }
        if (JobOutcomeClaim.failed(job.status())) {
            throw new RejectedInput(ErrorCode.TRANSCODE_FAILED, "MediaConvert job " + job.jobId() + " ended " + job.status()
                    + (job.errorCode() == null ? "" : " with error " + job.errorCode()) + (job.errorMessage() == null ? "" : ": " + job.errorMessage()));
        }
        throw new RejectedInput(ErrorCode.TRANSCODE_TIMEOUT, "MediaConvert job " + job.jobId() + " did not finish within " + timeout.toMinutes() + " min.");
    }

    /**
     * Adds the completed job's normalized minutes (an estimate, {@link NormalizedMinutes}) to the asset's cost: from
     * the job's outputs, as this run's request built them (the same plan; the key plays no part).
     */
    private void recordNormalizedMinutes(String id) {
        Asset asset = store.find(id).orElseThrow();
        ProbeSummary probe = asset.getProbe();
        if (probe == null) {
            return;
        }
        JobSettings settings = requests.build(asset, LadderPlanner.plan(probe, ladder), "0".repeat(32)).settings();
        double minutes = NormalizedMinutes.of(settings, probe.durationSeconds(),
                probe.video() == null ? 0 : probe.video().height(), probe.video() == null ? 0 : probe.video().frameRate());
        store.update(id, a -> a.setCost(AssetCost.of(a.getCost()).plusMediaConvertMinutes(minutes)));
        costs.mediaConvertMinutes(minutes);
    }

    private String submit(Asset asset) {
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        byte[] key = keys.contentKey(asset.getId());
        CreateJobRequest request = requests.build(asset, plan, HexFormat.of().formatHex(key));
        java.util.Arrays.fill(key, (byte) 0);
        Job job = mediaConvert.createJob(request).job();
        store.update(asset.getId(), a -> a.setEngineJob(new EngineJob(MEDIACONVERT, job.id(), job.statusAsString(), null, null)));
        LOG.info("Asset {}: MediaConvert job {} submitted", asset.getId(), job.id());
        return job.id();
    }

    private static boolean failed(EngineJob job) {
        return JobOutcomeClaim.failed(job.status());
    }
}
