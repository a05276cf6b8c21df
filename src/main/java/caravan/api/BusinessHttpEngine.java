package caravan.api;

import io.vertx.ext.web.Router;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The platform-http engine pinned to Caravan's business port. Camel's own engine guesses the port by looking for a
 * single HTTP server; with the management server running too there are two, and it falls back to 8080, so any
 * other {@code CARAVAN_HTTP_PORT} would break the API routes. It also gives the port's router the answers for
 * requests no route takes ({@link UnroutedRequests}), so those are problem details too, and mounts the handlers that
 * must read a request body as it streams in ({@link #mount}), which Camel's consumer reads whole before a route runs.
 */
public final class BusinessHttpEngine extends VertxPlatformHttpEngine {
    private final int port;
    private volatile boolean unroutedAnswered;
    private final List<Consumer<Router>> mounts = new CopyOnWriteArrayList<>();
    private volatile boolean mounted;

    public BusinessHttpEngine(int port) {
        this.port = port;
    }

    /** Vert.x handlers to put on the business port's router, ahead of Camel's routes (bind before the routes start). */
    public void mount(Consumer<Router> handlers) {
        mounts.add(handlers);
    }

    @Override
    public int getServerPort() {
        return port;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        PlatformHttpConsumer consumer = super.createConsumer(endpoint, processor);
        if (!unroutedAnswered || !mounted) {
            VertxPlatformHttpRouter router = VertxPlatformHttpRouter.lookup(getCamelContext(),
                    VertxPlatformHttpRouter.getRouterNameFromPort(port));
            if (router != null && !mounted) {
                mounts.forEach(m -> m.accept(router));
                mounted = true;
            }
            // the answers for unmatched requests are the root router's (the one the server hands every request to);
            // the port's router, where the routes live, is mounted under it
            if (router != null && router.getServer() != null && router.getServer().getServer() != null
                    && router.getServer().getServer().requestHandler() instanceof Router root) {
                UnroutedRequests.answerOn(root);
                unroutedAnswered = true;
            }
        }
        return consumer;
    }
}
