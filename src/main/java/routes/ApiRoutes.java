package routes;

import caravan.api.ApiResponses;
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
        // a bug answers a JSON 500 with a code, never Camel's default (the stack trace, and the request's headers)
        onException(Exception.class).handled(true).process(ApiResponses::internalError);

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
                .post("/rotate").routeId("rest-api-rotate-keys").to("direct:api-rotate-keys")
                .post("/retire").routeId("rest-api-retire-keys").to("direct:api-retire-keys");

        // every API call: the bearer token first, a JSON body or none, then one bean method
        authorized("api-rotate-keys", "keysApi", "rotate");
        authorized("api-retire-keys", "keysApi", "retire");
        authorized("api-list-assets", "assetApi", "list");
        authorized("api-get-asset", "assetApi", "get");
        authorized("api-asset-audit", "assetApi", "audit");
        authorized("api-playback-grant", "playbackApi", "grant");
        authorized("api-poster", "playbackApi", "poster");
        authorized("api-retry-asset", "assetApi", "retry");
        authorized("api-asset-deliveries", "assetApi", "deliveries");
        authorized("api-resend-deliveries", "assetApi", "resend");
    }

    private void authorized(String routeId, String bean, String method) {
        from(direct(routeId)).routeId(routeId)
                .process("apiAuth")
                .process("apiJsonBodies")
                .bean(bean, method);
    }
}
