package routes;

import caravan.Settings;
import caravan.userroutes.UserRouteFeed;
import caravan.userroutes.UserRouteSettings;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * The operator's routes (config/routes/*.yaml, docs/user-routes.md): the folder is scanned and its files loaded,
 * reloaded or removed ({@code user-routes-folder}); every event the pipeline records reaches them through a bounded
 * queue, as a call to {@code direct:<event type>} ({@code direct:asset.ready}, ...), on this route's own thread. A user
 * route that fails is logged and counted; it never holds up or fails the pipeline, and an event nobody listens to is
 * simply passed by.
 */
public class UserRouteEvents extends EndpointRouteBuilder {
    @Override
    public void configure() {
        UserRouteSettings settings = UserRouteSettings.from(new Settings(getContext()));
        from(scheduler("user-routes-folder").delay(settings.scanMillis()).initialDelay(0))
                .routeId("user-routes-folder")
                .bean("userRouteFolder", "scan");

        from(UserRouteFeed.QUEUE + "?size=" + settings.queueSize())
                .routeId("user-route-events")
                .doTry()
                    .toD("direct:${header." + UserRouteFeed.EVENT_TYPE + "}?block=false&failIfNoConsumers=false")
                .doCatch(Exception.class)
                    .bean("userRouteFeed", "failed")
                .end();
    }
}
