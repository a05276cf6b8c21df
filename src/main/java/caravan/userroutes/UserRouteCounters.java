package caravan.userroutes;

import caravan.notify.Event;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.List;

/**
 * What goes wrong with the operator's routes, counted from start (at zero for every event type):
 * {@code caravan_user_route_failures_total{event}} (a user route threw; {@code event="asset_ready"} etc.), {@code caravan_user_route_events_dropped_total{event}}
 * (the queue to the user routes was full) and {@code caravan_user_route_files_refused_total} (a route file was refused).
 */
public final class UserRouteCounters {
    public static final List<String> EVENTS = List.of(Event.RECEIVED, Event.READY, Event.FAILED, Event.DUPLICATE);
    private final MeterRegistry registry;
    private final Counter refused;

    public UserRouteCounters(MeterRegistry registry) {
        this.registry = registry;
        for (String event : EVENTS) {
            failures(event);
            drops(event);
        }
        refused = Counter.builder("caravan.user.route.files.refused").description("Route files in config/routes refused")
                .register(registry);
    }

    public void failed(String event) {
        failures(event).increment();
    }

    public void dropped(String event) {
        drops(event).increment();
    }

    public void refused() {
        refused.increment();
    }

    /** {@code asset.ready} as a snake_case label value: {@code asset_ready}. */
    static String label(String event) {
        return String.valueOf(event).replace('.', '_');
    }

    private Counter failures(String event) {
        return Counter.builder("caravan.user.route.failures").description("User routes that threw while handling an event")
                .tag("event", label(event)).register(registry);
    }

    private Counter drops(String event) {
        return Counter.builder("caravan.user.route.events.dropped").description("Events the full queue to the user routes could not take")
                .tag("event", label(event)).register(registry);
    }
}
