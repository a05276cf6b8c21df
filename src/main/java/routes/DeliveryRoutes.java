package routes;

import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Deliver: the media origin ({@code /media/<id>/...}, signed cookies or URLs checked as CloudFront would), the key
 * server ({@code /keys/<id>}, AES-128 keys for authorised players only; {@code /keys/<id>/clearkey}, CMAF ClearKey licences), and the web page ({@code /}).
 */
public class DeliveryRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        from(platformHttp("/media").matchOnUriPrefix(true).httpMethodRestrict("GET,OPTIONS").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("media-origin")
                .bean("mediaOrigin", "serve");

        from(platformHttp("/keys/{id}").httpMethodRestrict("GET").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("key-server")
                .bean("keyServer", "serve");

        // with rotating keys (caravan.delivery.keyRotationSegments), key n of the asset, under the same grant
        from(platformHttp("/keys/{id}/{index}").httpMethodRestrict("GET").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("rotated-key-server")
                .bean("keyServer", "serveRotated");

        // CMAF's common encryption: ClearKey licences, under the same grant and rate limit as the AES-128 key
        from(platformHttp("/keys/{id}/clearkey").httpMethodRestrict("POST").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("licence-server")
                .bean("keyServer", "licence");

        from(platformHttp("/").httpMethodRestrict("GET").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("web-page")
                .bean("webPage", "serve");

        from(platformHttp("/ui").matchOnUriPrefix(true).httpMethodRestrict("GET").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("web-assets")
                .bean("webPage", "serve");
    }
}
