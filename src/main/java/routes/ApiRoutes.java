package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/**
 * The HTTP API on {@code CARAVAN_HTTP_PORT}, with a bearer token: read assets, their audit trail and their event
 * deliveries, grant playback, sign poster URLs, retry a failed asset, resend given-up deliveries.
 */
public class ApiRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        restConfiguration().bindingMode(RestBindingMode.off);

        rest("/api/assets")
                .get().routeId("rest-api-list-assets").to("direct:api-list-assets")
                .get("/{id}").routeId("rest-api-get-asset").to("direct:api-get-asset")
                .get("/{id}/audit").routeId("rest-api-asset-audit").to("direct:api-asset-audit")
                .post("/{id}/playback").routeId("rest-api-playback-grant").to("direct:api-playback-grant")
                .get("/{id}/poster").routeId("rest-api-poster").to("direct:api-poster")
                .post("/{id}/retry").routeId("rest-api-retry-asset").to("direct:api-retry-asset")
                .get("/{id}/deliveries").routeId("rest-api-asset-deliveries").to("direct:api-asset-deliveries")
                .post("/{id}/deliveries/resend").routeId("rest-api-resend-deliveries").to("direct:api-resend-deliveries");

        rest("/api/keys")
                .post("/rotate").routeId("rest-api-rotate-keys").to("direct:api-rotate-keys");

        from(direct("api-rotate-keys")).routeId("api-rotate-keys")
                .process("apiAuth")
                .bean("keysApi", "rotate");

        from(direct("api-list-assets")).routeId("api-list-assets")
                .process("apiAuth")
                .bean("assetApi", "list");

        from(direct("api-get-asset")).routeId("api-get-asset")
                .process("apiAuth")
                .bean("assetApi", "get");

        from(direct("api-asset-audit")).routeId("api-asset-audit")
                .process("apiAuth")
                .bean("assetApi", "audit");

        from(direct("api-playback-grant")).routeId("api-playback-grant")
                .process("apiAuth")
                .bean("playbackApi", "grant");

        from(direct("api-poster")).routeId("api-poster")
                .process("apiAuth")
                .bean("playbackApi", "poster");

        from(direct("api-retry-asset")).routeId("api-retry-asset")
                .process("apiAuth")
                .bean("assetApi", "retry");

        from(direct("api-asset-deliveries")).routeId("api-asset-deliveries")
                .process("apiAuth")
                .bean("assetApi", "deliveries");

        from(direct("api-resend-deliveries")).routeId("api-resend-deliveries")
                .process("apiAuth")
                .bean("assetApi", "resend");
    }
}
