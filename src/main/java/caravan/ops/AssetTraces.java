package caravan.ops;

import caravan.asset.ExchangeNames;
import caravan.notify.Outbox;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps an asset's webhooks in the asset's trace. A webhook is not sent by the exchange that carried the asset: the
 * event waits in the outbox and a poller sends it, so Camel alone would start a new trace. Before each step of an
 * asset's work this remembers where the asset's trace is (and tags the span with {@code caravan.asset_id}); when an
 * exchange carries an outbox delivery, it gets the W3C {@code traceparent} of its asset's trace, which Camel's
 * tracer then continues. Remembered in memory, for the latest {@value #REMEMBERED} assets: a webhook sent after a
 * restart, or by another worker, starts its own trace (still tagged with the asset id).
 */
final class AssetTraces implements InterceptStrategy {
    static final String TRACEPARENT = "traceparent";
    static final String ASSET_ATTRIBUTE = "caravan.asset_id";
    private static final int REMEMBERED = 10_000;

    private final Map<String, String> traceparents = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED;
        }
    };

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                if (exchange.getIn().getBody() instanceof Outbox.Delivery delivery) {
                    continueTrace(exchange, delivery.assetId());
                } else {
                    remember(exchange.getIn().getHeader(ExchangeNames.ASSET_ID, String.class));
                }
                return super.process(exchange, callback);
            }
        };
    }

    private void remember(String assetId) {
        Span span = Span.current();
        if (assetId == null || !span.getSpanContext().isValid()) {
            return;
        }
        span.setAttribute(ASSET_ATTRIBUTE, assetId);
        Map<String, String> carrier = new LinkedHashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        String traceparent = carrier.get(TRACEPARENT);
        if (traceparent != null) {
            synchronized (traceparents) {
                traceparents.put(assetId, traceparent);
            }
        }
    }

    private void continueTrace(Exchange exchange, String assetId) {
        String traceparent;
        synchronized (traceparents) {
            traceparent = assetId == null ? null : traceparents.get(assetId);
        }
        if (traceparent != null && exchange.getIn().getHeader(TRACEPARENT) == null) {
            exchange.getIn().setHeader(TRACEPARENT, traceparent);
        }
    }
}
