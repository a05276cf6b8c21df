package caravan.ops;

import io.vertx.ext.auth.authentication.AuthenticationProvider;
import io.vertx.ext.auth.properties.PropertyFileAuthentication;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.AuthenticationHandler;
import io.vertx.ext.web.handler.BasicAuthHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.auth.AuthenticationConfig;

import java.nio.file.Path;

/**
 * Optionally ({@code caravan.management.authenticateAll}) the management accounts for the whole management port,
 * metrics and readiness included, except liveness ({@code /observe/health/live}), which an orchestrator must reach
 * without credentials. Camel's {@code camel.management.authenticationPath} takes a single path, which cannot say
 * "all but one", so the rule is added to the server's authentication before it starts. Jolokia keeps its own rule.
 */
public final class ManagementLogin {
    private ManagementLogin() {
    }

    public static void requireForAllButLiveness(CamelContext context, Path usersFile) {
        ManagementHttpServer server = context.hasService(ManagementHttpServer.class);
        if (server == null) {
            throw new IllegalStateException("caravan.management.authenticateAll is set but the management server is off");
        }
        String liveness = server.getHealthPath() + "/live";
        AuthenticationConfig auth = server.getConfiguration().getAuthenticationConfig();
        AuthenticationConfig.AuthenticationConfigEntry all = new AuthenticationConfig.AuthenticationConfigEntry();
        all.setPath("/*");
        all.setAuthenticationProviderFactory(vertx -> PropertyFileAuthentication.create(vertx, usersFile.toString()));
        all.setAuthenticationHandlerFactory(new AuthenticationConfig.AuthenticationHandlerFactory() {
            @Override
            public <T extends AuthenticationProvider> AuthenticationHandler createAuthenticationHandler(T provider) {
                return new AllButLiveness(BasicAuthHandler.create(provider), liveness);
            }
        });
        auth.getEntries().add(all);
        auth.setEnabled(true);
    }

    /** Basic authentication on every path but the liveness one, compared after dot segments are resolved. */
    private record AllButLiveness(AuthenticationHandler basic, String liveness) implements AuthenticationHandler {
        @Override
        public void handle(RoutingContext ctx) {
            if (liveness.equals(ctx.normalizedPath())) {
                ctx.next();
            } else {
                basic.handle(ctx);
            }
        }
    }
}
