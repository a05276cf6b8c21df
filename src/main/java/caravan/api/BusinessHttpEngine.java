package caravan.api;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;

/**
 * The platform-http engine pinned to Caravan's business port. Camel's own engine guesses the port by looking for a
 * single HTTP server; with the management server running too there are two, and it falls back to 8080, so any
 * other {@code CARAVAN_HTTP_PORT} would break the API routes.
 */
public final class BusinessHttpEngine extends VertxPlatformHttpEngine {
    private final int port;

    public BusinessHttpEngine(int port) {
        this.port = port;
    }

    @Override
    public int getServerPort() {
        return port;
    }
}
