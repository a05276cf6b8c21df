package caravan.ops;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import org.apache.camel.CamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Switches tracing on when an OTLP endpoint is set: an OpenTelemetry SDK configured the standard way (the
 * {@code OTEL_*} environment variables: service name, resource attributes, headers, sampler), exporting spans over
 * OTLP/HTTP, and Camel's tracer ({@code camel-opentelemetry2}) over it: a span for each route an exchange enters and
 * each endpoint it is sent to, with the W3C {@code traceparent} carried in the exchange's headers, so an asset's
 * trip through the seda queue and the stages' routes is one trace, continued by its webhooks ({@link AssetTraces}).
 * Pollers that run whether or not there is work (timers and schedulers) are left out; file names, server paths and
 * subscribers' URLs are dropped from the spans ({@link SpanRedaction}). On stop, the spans still buffered are sent
 * before Caravan exits.
 */
public final class Tracing {
    private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);
    /** Routes started by a clock, not by an asset: a span for every tick would bury the assets' traces. */
    static final String UNTRACED = "timer*,scheduler*";

    private Tracing() {
    }

    /** Starts tracing on the context if {@code settings} name an endpoint; otherwise does nothing. */
    public static void start(CamelContext context, TracingSettings settings) {
        if (!settings.enabled()) {
            return;
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                // defaults an OTEL_* variable may override (the service name, the resource)
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", settings.serviceName(),
                        "otel.traces.exporter", "otlp",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                // Caravan's setting names the receiver (it defaults to OTEL_EXPORTER_OTLP_ENDPOINT); the JDK sender speaks HTTP
                .addPropertiesCustomizer(config -> Map.of(
                        "otel.exporter.otlp.traces.endpoint", tracesUrl(settings.otlpEndpoint()),
                        "otel.exporter.otlp.traces.protocol", "http/protobuf"))
                .addSpanExporterCustomizer((exporter, config) -> new SpanRedaction(exporter))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        Tracer tracer = sdk.getTracer("caravan");
        context.getRegistry().bind("openTelemetryTracer", Tracer.class, tracer);
        context.getRegistry().bind("openTelemetryPropagators", io.opentelemetry.context.propagation.ContextPropagators.class,
                sdk.getPropagators());
        OpenTelemetryTracer camelTracer = new OpenTelemetryTracer();
        camelTracer.setExcludePatterns(UNTRACED);
        camelTracer.init(context);
        context.getCamelContextExtension().addInterceptStrategy(new AssetTraces());
        try {
            context.addService(new SpanFlush(sdk), true, true);
        } catch (Exception e) {
            throw new IllegalStateException("Could not register the span exporter's shutdown", e);
        }
        java.net.URI receiver = java.net.URI.create(settings.otlpEndpoint());
        LOG.info("Tracing on: spans go over OTLP/HTTP to {}://{}:{}", receiver.getScheme(), receiver.getHost(), receiver.getPort());
    }

    /** The traces path of an OTLP/HTTP receiver's base URL (the endpoint variable's meaning in the specification). */
    static String tracesUrl(String base) {
        return base.endsWith("/v1/traces") ? base : base.replaceAll("/+$", "") + "/v1/traces";
    }

    /** Sends the spans still buffered and closes the exporter when the context stops. */
    private static final class SpanFlush extends ServiceSupport {
        private final OpenTelemetrySdk sdk;

        SpanFlush(OpenTelemetrySdk sdk) {
            this.sdk = sdk;
        }

        @Override
        protected void doStop() {
            sdk.getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS);
            sdk.shutdown().join(10, TimeUnit.SECONDS);
        }
    }
}
