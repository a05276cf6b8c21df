package caravan.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Cross-origin access to the management port, for one configured Hawtio origin only (none by default, so browsers
 * refuse other pages' scripts). Camel's settings have no CORS options for the management server, so its Vert.x
 * configuration is set here, before the server starts.
 */
public final class ManagementCors {
    private static final Logger LOG = LoggerFactory.getLogger(ManagementCors.class);

    private ManagementCors() {
    }

    public static void allow(CamelContext context, String origin) {
        if (origin == null) {
            return;
        }
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("caravan.management.hawtioOrigin is set but the management server is off");
        }
        VertxPlatformHttpServerConfiguration.Cors cors = server.getCors();
        cors.setEnabled(true);
        cors.setOrigins(List.of(origin));
        cors.setMethods(List.of("GET", "POST", "OPTIONS"));
        cors.setHeaders(List.of("Authorization", "Content-Type", "X-Jolokia-Authorization"));
        LOG.info("Management port: cross-origin requests allowed from {}", origin);
    }
}
