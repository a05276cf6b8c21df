package caravan.userroutes;

import caravan.asset.ExchangeNames;
import caravan.asset.Json;
import caravan.notify.Event;
import com.fasterxml.jackson.core.type.TypeReference;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Hands each recorded event to the operator's routes without ever holding up the pipeline: the event goes into a
 * bounded in-memory queue ({@code seda:user-route-events}, drained by the {@code user-route-events} route); when the
 * queue is full the event is dropped for the user routes (webhooks still get it), logged and counted.
 * The message body is the asset as webhooks and the API show it ({@code AssetView} as a map: never a protected
 * field); headers {@link #EVENT_TYPE}, {@link #EVENT_ID} and the asset id ({@code CaravanAssetId}).
 */
public final class UserRouteFeed implements Consumer<Event> {
    private static final Logger LOG = LoggerFactory.getLogger(UserRouteFeed.class);
    /** The code on every log line about a user route that failed on an event. */
    public static final String FAILED = "USER_ROUTE_FAILED";
    /** Header: the event type, e.g. {@code asset.ready}; also the name of the {@code direct:} endpoint it goes to. */
    public static final String EVENT_TYPE = "CaravanEventType";
    /** Header: the event id (the webhook-id of the same event). */
    public static final String EVENT_ID = "CaravanEventId";
    public static final String QUEUE = "seda:user-route-events";

    private final ProducerTemplate producer;
    private final Consumer<String> dropped;
    private final Consumer<String> failed;

    /** @param dropped called with the event type of an event the full queue could not take; {@code failed} likewise for a failure */
    public UserRouteFeed(ProducerTemplate producer, Consumer<String> dropped, Consumer<String> failed) {
        this.producer = producer;
        this.dropped = dropped;
        this.failed = failed;
    }

    @Override
    public void accept(Event event) {
        // the hand-off is an exchange of its own, and Camel clears the asset's log keys when it completes: the rest of
        // the caller's step must still log under its asset and stage
        Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap();
        try {
            Map<String, Object> headers = new java.util.HashMap<>(Map.of(EVENT_TYPE, event.type(), EVENT_ID, event.id(),
                    ExchangeNames.ASSET_ID, event.assetId()));
            // the hand-off starts an exchange of its own: it carries the W3C traceparent of the step that recorded the
            // event, so the user routes' spans stay in the asset's trace (and do not start one per event)
            W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
            producer.sendBodyAndHeaders(QUEUE, assetOf(event), headers);
        } catch (RuntimeException e) {
            // queue full (or Caravan stopping): the pipeline goes on; only the user routes miss this event
            dropped.accept(event.type());
            LOG.warn("{}: {} for asset {} not handed to user routes: {}", FAILED, event.type(), event.assetId(),
                    e.getClass().getSimpleName());
        } finally {
            if (logContext == null) {
                org.slf4j.MDC.clear();
            } else {
                org.slf4j.MDC.setContextMap(logContext);
            }
        }
    }

    /** The {@code user-route-events} route's error handler: a user route threw while handling an event. */
    public void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String type = exchange.getIn().getHeader(EVENT_TYPE, String.class);
        failed.accept(type);
        // the exception's class only: its message may carry an endpoint's URL, and a chat webhook's URL is its secret
        String routeId = exchange.getContext().getRoutes().stream()
                .filter(r -> ("direct://" + type).equals(r.getEndpoint().getEndpointBaseUri()))
                .map(org.apache.camel.Route::getRouteId).findFirst().orElse("?");
        LOG.warn("{}: user route {} (on direct:{}) failed for asset {}: {}", FAILED, routeId, type,
                exchange.getIn().getHeader(ExchangeNames.ASSET_ID, String.class), e == null ? "error" : e.getClass().getSimpleName());
    }

    private static Map<String, Object> assetOf(Event event) {
        try {
            return Json.MAPPER.convertValue(Json.MAPPER.readTree(event.payload()).path("data"), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
