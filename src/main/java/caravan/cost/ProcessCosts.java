package caravan.cost;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetCost;
import caravan.asset.ExchangeNames;
import caravan.ffmpeg.MeasuredExecResult;
import caravan.ffmpeg.ProcessUsage;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Every media tool the pipeline runs goes through camel-exec with {@code caravan.ffmpeg.MediaProcessExecutor}, whose
 * result says what the run cost; this listener, on each exec call's end, adds that run to the asset's
 * {@link AssetCost} (CPU and wall seconds by stage, bytes read and written) and to the cost counters. The stage is
 * the exec endpoint's name ({@code exec:ffprobe} is the probe, {@code exec:ffmpeg} the transcode).
 */
public final class ProcessCosts extends EventNotifierSupport {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessCosts.class);
    private static final String EXEC = "exec://";
    /** The exec endpoints whose name is not already their stage's. */
    private static final Map<String, String> STAGES = Map.of("ffprobe", "probe", "ffmpeg", "transcode", "ffmpeg-chunk", "transcode",
            "loudness-analysis", "loudness", "mp4-remux", "download", "subtitle-extraction", "captions",
            "waveform", "outputs", "quality-sample", "quality");

    private final AssetStore store;
    private final DataFolders folders;
    private final CostMetrics metrics;
    private final String configuredEngine;

    public ProcessCosts(AssetStore store, DataFolders folders, CostMetrics metrics, String configuredEngine) {
        this.store = store;
        this.folders = folders;
        this.metrics = metrics;
        this.configuredEngine = configuredEngine;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeFailedEvents(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /** The stage an exec endpoint runs for, from its URI ({@code exec://ffprobe?...} is {@code probe}). */
    static String stageOf(String endpointUri) {
        String name = endpointUri.substring(EXEC.length());
        int q = name.indexOf('?');
        name = q < 0 ? name : name.substring(0, q);
        return STAGES.getOrDefault(name, name);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(EXEC);
    }

    @Override
    public void notify(CamelEvent event) {
        ExchangeSentEvent sent = (ExchangeSentEvent) event;
        Exchange exchange = sent.getExchange();
        String id = exchange.getMessage().getHeader(ExchangeNames.ASSET_ID, String.class);
        if (id == null || !(exchange.getMessage().getBody() instanceof MeasuredExecResult result)) {
            return; // not an asset's run, or it never started (the exception is the pipeline's to handle)
        }
        ProcessUsage usage = result.usage();
        String stage = stageOf(sent.getEndpoint().getEndpointUri());
        long read = ProcessInputs.bytes(result.getCommand().getArgs());
        long written = FolderSizes.since(folders.workDir(id), usage.started());
        try {
            Asset changed = store.update(id, a -> a.setCost(AssetCost.of(a.getCost())
                    .plusProcess(stage, usage.cpuSeconds(), usage.wallSeconds(), read, written)));
            metrics.processRan(stage, engineOf(changed), usage.cpuSeconds(), written);
        } catch (RuntimeException e) {
            // the cost is a record of the work, never a reason to fail it
            LOG.warn("Could not record the cost of {} for asset {}: {}", stage, id, e.getClass().getSimpleName());
        }
    }

    private String engineOf(Asset asset) {
        return asset.getEngineJob() != null && asset.getEngineJob().engine() != null
                ? asset.getEngineJob().engine() : configuredEngine;
    }
}
