package caravan.ops;

import caravan.asset.ExchangeNames;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.model.BeanDefinition;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;

import java.util.Map;

/**
 * Puts the asset id ({@code assetId}) and the pipeline stage ({@code stage}), named in {@link ExchangeNames}, in the
 * logging MDC before each step of a route, so every line logged for an asset's work says which asset and which stage. Camel adds
 * {@code camel.routeId} itself ({@code camel.main.useMdcLogging}) and clears both keys when the exchange is done
 * ({@code camel.main.mdcLoggingKeysPattern}).
 */
public final class AssetMdc implements InterceptStrategy {
    private static final Map<String, String> STAGES = Map.of(
            "intake", "ingest", "recovery", "ingest", "metadataStage", "metadata", "probeStage", "probe",
            "transcodeStage", "transcode", "publisher", "publish", "failureRecorder", "failure",
            "webhookDispatcher", "notify");
    /** The steps that finish the outputs beside the ladder (ffmpeg engine). */
    private static final java.util.Set<String> OUTPUTS = java.util.Set.of(
            "posterPicker", "thumbnails", "storyboard", "captionStage", "downloadStage", "qualityStage");

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        String stage = stageOf(definition);
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                String id = exchange.getIn().getHeader(ExchangeNames.ASSET_ID, String.class);
                if (id != null) {
                    MDC.put(ExchangeNames.LOG_ASSET_ID, id);
                }
                if (stage != null) {
                    MDC.put(ExchangeNames.LOG_STAGE, stage);
                }
                return super.process(exchange, callback);
            }
        };
    }

    /** The stage a step belongs to: named after the bean it calls, or the tool it runs; null for routing steps. */
    static String stageOf(NamedNode node) {
        String ref = node instanceof BeanDefinition bean ? bean.getRef()
                : node instanceof ProcessDefinition process ? process.getRef() : null;
        if (ref != null) {
            return OUTPUTS.contains(ref) ? "outputs" : STAGES.getOrDefault(ref, ref);
        }
        String label = node.getLabel() == null ? "" : node.getLabel();
        if (label.contains("exec:") && label.contains("ffprobe")) {
            return "probe";
        }
        if (label.contains("exec:") && label.contains("ffmpeg")) {
            return "transcode";
        }
        return null;
    }
}
