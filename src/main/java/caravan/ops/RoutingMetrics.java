package caravan.ops;

import caravan.asset.Asset;
import caravan.asset.ExchangeNames;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeRedeliveryEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.support.EventNotifierSupport;

import java.time.Duration;

/**
 * Metrics read from Camel's own routing events: how fast each successful ffmpeg run was (from the exec call's
 * duration and the media's length), and every redelivery the error handlers make, by the exception that caused it.
 */
public final class RoutingMetrics extends EventNotifierSupport {
    private static final String FFMPEG = "exec://ffmpeg";

    private final PipelineMetrics metrics;
    private final AssetStore store;

    public RoutingMetrics(PipelineMetrics metrics, AssetStore store) {
        this.metrics = metrics;
        this.store = store;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        // not ignoring failed events: Camel announces redeliveries only to notifiers that listen to failures
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeRedeliveryEvent
                || event instanceof ExchangeSentEvent sent && sent.getEndpoint().getEndpointUri().startsWith(FFMPEG);
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeRedeliveryEvent redelivery) {
            Exchange exchange = redelivery.getExchange();
            Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            metrics.redelivery(cause != null ? cause : exchange.getException());
        } else if (event instanceof ExchangeSentEvent sent) {
            Exchange exchange = sent.getExchange();
            Integer exit = exchange.getIn().getHeader(ExecBinding.EXEC_EXIT_VALUE, Integer.class);
            String id = exchange.getIn().getHeader(ExchangeNames.ASSET_ID, String.class);
            if (exit != null && exit == 0 && id != null) {
                store.find(id).map(Asset::getProbe).ifPresent(probe ->
                        metrics.transcoded(probe.durationSeconds(), Duration.ofMillis(sent.getTimeTaken())));
            }
        }
    }
}
