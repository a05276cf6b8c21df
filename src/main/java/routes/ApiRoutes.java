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
                .get().to("direct:api-list-assets")
                .get("/{id}").to("direct:api-get-asset")
                .get("/{id}/audit").to("direct:api-asset-audit")
                .post("/{id}/playback").to("direct:api-playback-grant")
                .get("/{id}/poster").to("direct:api-poster")
                .post("/{id}/retry").to("direct:api-retry-asset")
                .get("/{id}/deliveries").to("direct:api-asset-deliveries")
                .post("/{id}/deliveries/resend").to("direct:api-resend-deliveries");

        rest("/api/keys")
                .post("/rotate").to("direct:api-rotate-keys");

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
