package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;

/** The HTTP API on {@code CARAVAN_HTTP_PORT}: read the assets, with a bearer token. */
public class ApiRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        restConfiguration().bindingMode(RestBindingMode.off);

        rest("/api/assets")
                .get().to("direct:api-list-assets")
                .get("/{id}").to("direct:api-get-asset");

        from(direct("api-list-assets")).routeId("api-list-assets")
                .process("apiAuth")
                .bean("assetApi", "list");

        from(direct("api-get-asset")).routeId("api-get-asset")
                .process("apiAuth")
                .bean("assetApi", "get");
    }
}
