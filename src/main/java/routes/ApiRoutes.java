package routes;

import caravan.api.ApiContract;
import caravan.api.ApiResponses;
import caravan.api.AssetPage;
import caravan.api.AuditTrail;
import caravan.api.DeliveryList;
import caravan.api.PlaybackGrantAnswer;
import caravan.api.PosterUrls;
import caravan.api.Resent;
import caravan.api.Retired;
import caravan.api.Rotated;
import caravan.asset.AssetView;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

import static routes.RestErrors.BEARER;
import static routes.RestErrors.errors;
import static routes.RestErrors.problem;

/**
 * The HTTP API on {@code CARAVAN_HTTP_PORT}, with a bearer token: read assets, their audit trail and their event
 * deliveries, grant playback, sign poster URLs, retry a failed asset, resend given-up deliveries, rotate keys. Its
 * contract, an OpenAPI 3 document generated from the definitions below, is public at {@code /api/openapi.json}:
 * it describes the API and holds nothing an anonymous caller could not learn by calling it. Every error is RFC 9457
 * problem details ({@code application/problem+json}) with Caravan's code in {@code code}.
 */
public class ApiRoutes extends EndpointRouteBuilder {
    private static final String JSON = "application/json";

    @Override
    public void configure() {
        restConfiguration().bindingMode(RestBindingMode.off);
        // a bug answers a 500 problem with a code, never Camel's default (the stack trace, and the request's headers)
        onException(Exception.class).handled(true).process(ApiResponses::internalError);

        RestDefinition assets = rest("/api/assets").tag("assets").securityDefinitions()
                .bearerToken(BEARER, "CARAVAN_API_TOKEN (or the data folder's api-token file)").end();

        errors(assets.get().id("listAssets").routeId("rest-api-list-assets")
                .description("List assets a page at a time, newest first, filtered by status and searched by title, source name or id")
                .produces(JSON)
                .param().name("limit").type(RestParamType.query).dataType("integer").defaultValue("50").required(false)
                    .description("Assets per page, 1 to 200").endParam()
                .param().name("after").type(RestParamType.query).dataType("string").required(false)
                    .description("The 'next' of the previous page").endParam()
                .param().name("status").type(RestParamType.query).dataType("string").required(false)
                    .description("Only these statuses, separated by commas (e.g. FAILED,DUPLICATE)").endParam()
                .param().name("q").type(RestParamType.query).dataType("string").required(false)
                    .description("A text to find, in any case, in the title, the source's name or the id (at most 200 characters)").endParam()
                .param().name("order").type(RestParamType.query).dataType("string").defaultValue("newest").required(false)
                    .allowableValues("newest", "oldest").description("newest or oldest first").endParam()
                .responseMessage().code(200).message("A page of assets").contentType(JSON).responseModel(AssetPage.class).endResponseMessage(),
                "400 limit is not a whole number from 1 to 200, status names no status, order is not newest or oldest, or q is too long (BAD_REQUEST)")
                .to("direct:api-list-assets");

        errors(withId(assets.get("/{id}").id("getAsset").routeId("rest-api-get-asset").description("One asset: status, progress, probe, renditions, outputs, error")
                .produces(JSON))
                .responseMessage().code(200).message("The asset").contentType(JSON).responseModel(AssetView.class).endResponseMessage(),
                "404 no asset with that id (NOT_FOUND)")
                .to("direct:api-get-asset");

        errors(withId(assets.get("/{id}/audit").id("getAssetAudit").routeId("rest-api-asset-audit").description("The asset's audit trail, oldest first")
                .produces(JSON))
                .responseMessage().code(200).message("The audit trail").contentType(JSON).responseModel(AuditTrail.class).endResponseMessage(),
                "404 no asset with that id (NOT_FOUND)")
                .to("direct:api-asset-audit");

        errors(withId(assets.post("/{id}/playback").id("grantPlayback").routeId("rest-api-playback-grant")
                .description("A playback grant for a READY asset (a DUPLICATE plays its original): a signed master URL any HLS "
                        + "player can open, and the same grant as three CloudFront-* cookies (Set-Cookie). Audited.")
                .produces(JSON))
                .param().name("body").type(RestParamType.body).required(false)
                    .description("Optional: {\"ttlSeconds\": N (1 to caravan.delivery.maxGrantTtlSeconds), \"viewer\": \"who, for the audit trail\"}").endParam()
                .responseMessage().code(200).message("The grant").contentType(JSON).responseModel(PlaybackGrantAnswer.class)
                    .header("Set-Cookie").description("CloudFront-Policy, CloudFront-Signature, CloudFront-Key-Pair-Id").dataType("string").endHeader()
                    .endResponseMessage(),
                "400 the body is not a JSON object, or ttlSeconds/viewer out of range (BAD_REQUEST)",
                "404 no asset with that id (NOT_FOUND)",
                "409 the asset is not READY (NOT_READY)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-playback-grant");

        errors(withId(assets.get("/{id}/poster").id("getPosterUrls").routeId("rest-api-poster")
                .description("Signed URLs of the poster's two sizes, valid for caravan.delivery.grantTtlSeconds").produces(JSON))
                .responseMessage().code(200).message("The poster URLs").contentType(JSON).responseModel(PosterUrls.class).endResponseMessage(),
                "404 no such asset, or it has no poster (NOT_FOUND)")
                .to("direct:api-poster");

        errors(withId(assets.post("/{id}/retry").id("retryAsset").routeId("rest-api-retry-asset")
                .description("Put a FAILED asset through the pipeline again, from its kept source").produces(JSON))
                .responseMessage().code(202).message("Accepted: the asset, now RECEIVED again").contentType(JSON).responseModel(AssetView.class).endResponseMessage(),
                "404 no asset with that id (NOT_FOUND)",
                "409 the asset is not FAILED, or its source is no longer kept (NOT_RETRYABLE)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-retry-asset");

        errors(withId(assets.get("/{id}/deliveries").id("listDeliveries").routeId("rest-api-asset-deliveries")
                .description("The asset's webhook deliveries and where each stands").produces(JSON))
                .responseMessage().code(200).message("The deliveries").contentType(JSON).responseModel(DeliveryList.class).endResponseMessage(),
                "404 no asset with that id (NOT_FOUND)")
                .to("direct:api-asset-deliveries");

        errors(withId(assets.post("/{id}/deliveries/resend").id("resendDeliveries").routeId("rest-api-resend-deliveries")
                .description("Send the asset's given-up deliveries again (same webhook-id)").produces(JSON))
                .responseMessage().code(202).message("Accepted: how many go out again").contentType(JSON).responseModel(Resent.class).endResponseMessage(),
                "404 no asset with that id (NOT_FOUND)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-resend-deliveries");

        RestDefinition keys = rest("/api/keys").tag("keys");
        errors(keys.post("/rotate").id("rotateKeys").routeId("rest-api-rotate-keys")
                .description("A new master key version; every stored data key re-wrapped with it").produces(JSON)
                .responseMessage().code(200).message("Rotated").contentType(JSON).responseModel(Rotated.class).endResponseMessage(),
                "409 keys are KMS's to rotate here, in the AWS profile (NOT_HERE)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-rotate-keys");
        errors(keys.post("/retire").id("retireKeys").routeId("rest-api-retire-keys")
                .description("Remove a master key version (or every old one) that no stored data key uses").produces(JSON)
                .param().name("keyId").type(RestParamType.query).dataType("string").required(false)
                    .description("The version to retire; none: every version but the active one that nothing uses").endParam()
                .responseMessage().code(200).message("Retired").contentType(JSON).responseModel(Retired.class).endResponseMessage(),
                "404 no such key version (KEY_UNKNOWN)",
                "409 the version is active or still in use (KEY_ACTIVE, KEY_IN_USE), or keys are KMS's here (NOT_HERE)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-retire-keys");

        // the contract, generated from the definitions below (ApiContract): public, it holds no secret
        from(platformHttp("/api/openapi.json").httpMethodRestrict("GET").advanced().headerFilterStrategy("#mediaHeaderFilter"))
                .routeId("api-openapi")
                .bean(ApiContract.class, "serve");

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

    private static RestDefinition withId(RestDefinition verb) {
        return verb.param().name("id").type(RestParamType.path).dataType("string").required(true)
                .description("The asset id (lower-case letters and digits)").endParam();
    }
}
