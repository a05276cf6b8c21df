package caravan.api;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document at {@code /api/openapi.json} is public, lists every API route, and describes what the API
 * really answers: real responses from an end-to-end run (an uploaded clip that becomes READY, a file that FAILS) for
 * every operation, success and error alike, are checked against it, and every error on the port is one RFC 9457
 * problem shape with a code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ApiContractTest {
    @TempDir
    static Path data;
    CaravanApp app;
    OpenApiDocument contract;
    Asset ready;
    Asset failed;
    final HttpClient http = HttpClient.newHttpClient();
    final List<String> checked = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of("caravan.webhook.urls", "http://127.0.0.1:9/hook"));
        app.drop(TestClips.landscape(2), "contract clip.mp4");
        app.drop(TestClips.textAsMp4(), "contract broken.mp4");
        ready = app.awaitOutcome("contract clip.mp4", Duration.ofSeconds(120));
        failed = app.awaitOutcome("contract broken.mp4", Duration.ofSeconds(60));
        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
        HttpResponse<String> doc = app.get("/api/openapi.json", null);
        assertThat(doc.statusCode()).as("the contract is public").isEqualTo(200);
        assertThat(doc.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        contract = new OpenApiDocument(doc.body());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theDocumentListsEveryApiRouteWithItsErrorsAndTheBearerToken() {
        JsonNode doc = contract.json();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        List<String> operations = new ArrayList<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(m -> operations.add(m + " " + p.getKey())));
        assertThat(operations).containsExactlyInAnyOrder("get /api/assets", "get /api/assets/{id}", "get /api/assets/{id}/audit",
                "post /api/assets/{id}/playback", "get /api/assets/{id}/poster", "post /api/assets/{id}/retry",
                "get /api/assets/{id}/deliveries", "post /api/assets/{id}/deliveries/resend", "post /api/keys/rotate",
                "post /api/keys/retire", "post /api/uploads", "post /api/uploads/{id}/complete", "get /api/costs",
                "post /api/imports", "get /api/imports", "get /api/imports/{id}", "get /api/imports/{id}/report.csv");
        assertThat(doc.path("components").path("securitySchemes").path("bearer").path("scheme").asText()).isEqualTo("bearer");
        doc.path("paths").forEach(path -> path.forEach(op -> {
            assertThat(op.path("summary").asText()).isNotBlank();
            assertThat(op.path("security").toString()).contains("bearer");
            assertThat(op.path("responses").has("401")).isTrue();
            assertThat(op.path("responses").path("401").path("content").has("application/problem+json")).isTrue();
            for (Iterator<String> it = op.path("responses").fieldNames(); it.hasNext(); ) {
                String status = it.next();
                assertThat(op.path("responses").path(status).path("description").asText()).as(status).isNotBlank();
            }
        }));
    }

    @Test
    void successfulAnswersMatchTheDocument() throws Exception {
        JsonNode page = check("GET", "/api/assets?limit=1", null);
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("next").asText()).as("two assets, one per page").isNotBlank();
        check("GET", "/api/assets?limit=1&after=" + page.path("next").asText(), null);
        assertThat(check("GET", "/api/assets/" + ready.getId(), null).path("status").asText()).isEqualTo("READY");
        assertThat(check("GET", "/api/assets/" + failed.getId(), null).path("error").path("code").asText()).isEqualTo("UNREADABLE_MEDIA");
        JsonNode grant = check("POST", "/api/assets/" + ready.getId() + "/playback", "{\"ttlSeconds\": 120, \"viewer\": \"contract\"}");
        assertThat(grant.path("masterUrl").asText()).contains("/media/" + ready.getId() + "/master.m3u8?");
        check("GET", "/api/assets/" + ready.getId() + "/poster", null);
        assertThat(check("GET", "/api/assets/" + ready.getId() + "/audit", null).path("items").toString()).contains("playback-grant");
        check("GET", "/api/assets/" + ready.getId() + "/deliveries", null);
        check("POST", "/api/assets/" + ready.getId() + "/deliveries/resend", null);
        check("POST", "/api/keys/rotate", null);
        check("POST", "/api/keys/retire", null);
        assertThat(check("POST", "/api/uploads", "{\"name\": \"contract.mp4\", \"size\": 5, \"externalId\": \"c-1\"}")
                .path("protocol").asText()).isEqualTo("tus");
        assertThat(check("GET", "/api/costs", null).at("/all/assets").asInt()).as("the last 30 days").isEqualTo(2);
        assertThat(check("POST", "/api/assets/" + failed.getId() + "/retry", null).path("status").asText()).isNotEqualTo("FAILED");
        app.awaitOutcome("contract broken.mp4", Duration.ofSeconds(60));
        assertThat(checked).as("every operation answered at least once").hasSizeGreaterThanOrEqualTo(13);
    }

    @Test
    void everyErrorIsADocumentedProblemWithACode() throws Exception {
        assertProblem(send("GET", "/api/assets", null, null), 401, "UNAUTHORIZED", "GET");
        assertProblem(send("POST", "/api/keys/rotate", "wrong-token", "{}"), 401, "UNAUTHORIZED", "POST");
        assertProblem(send("GET", "/api/assets?limit=0", app.token(), null), 400, "BAD_REQUEST", "GET");
        assertProblem(send("GET", "/api/assets/nosuchasset", app.token(), null), 404, "NOT_FOUND", "GET");
        assertProblem(send("GET", "/api/imports/impnosuchimport", app.token(), null), 404, "NOT_FOUND", "GET");
        assertProblem(send("GET", "/api/imports/impnosuchimport/report.csv", app.token(), null), 404, "NOT_FOUND", "GET");
        assertProblem(send("POST", "/api/imports", app.token(), "{}"), 415, "UNSUPPORTED_MEDIA_TYPE", "POST");
        assertProblem(send("GET", "/api/assets/nosuchasset/audit", app.token(), null), 404, "NOT_FOUND", "GET");
        assertProblem(send("GET", "/api/assets/nosuchasset/deliveries", app.token(), null), 404, "NOT_FOUND", "GET");
        assertProblem(send("POST", "/api/assets/nosuchasset/deliveries/resend", app.token(), null), 404, "NOT_FOUND", "POST");
        assertProblem(send("GET", "/api/assets/" + failed.getId() + "/poster", app.token(), null), 404, "NOT_FOUND", "GET");
        assertProblem(send("POST", "/api/assets/nosuchasset/retry", app.token(), null), 404, "NOT_FOUND", "POST");
        assertProblem(send("POST", "/api/assets/" + ready.getId() + "/retry", app.token(), null), 409, "NOT_RETRYABLE", "POST");
        assertProblem(send("POST", "/api/assets/nosuchasset/playback", app.token(), "{}"), 404, "NOT_FOUND", "POST");
        assertProblem(send("POST", "/api/assets/" + failed.getId() + "/playback", app.token(), "{}"), 409, "NOT_READY", "POST");
        assertProblem(send("POST", "/api/assets/" + ready.getId() + "/playback", app.token(), "{\"ttlSeconds\": 0}"), 400, "BAD_REQUEST", "POST");
        assertProblem(send("POST", "/api/keys/retire?keyId=k999", app.token(), null), 404, "KEY_UNKNOWN", "POST");
        assertProblem(send("POST", "/api/uploads", app.token(), "{\"name\": \"big.mp4\", \"size\": 99999999999999}"), 413, "FILE_TOO_LARGE", "POST");
        assertProblem(send("POST", "/api/uploads", app.token(), "{\"name\": \"x.mp4\", \"size\": 5, \"metadata\": []}"), 400, "SIDECAR_INVALID", "POST");
        assertProblem(send("POST", "/api/uploads/u1/complete", app.token(), "{\"parts\": [{\"partNumber\": 1, \"etag\": \"e\"}]}"),
                409, "NOT_HERE", "POST");
        assertProblem(send("GET", "/api/costs?from=yesterday", app.token(), null), 400, "BAD_REQUEST", "GET");
        HttpResponse<String> form = http.send(request("/api/assets/" + ready.getId() + "/playback", app.token())
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("ttlSeconds=5")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(form, 415, "UNSUPPORTED_MEDIA_TYPE", "POST");
        HttpResponse<String> bare = http.send(request("/api/assets/nosuchasset/retry", app.token())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertProblem(bare, 404, "NOT_FOUND", "POST"); // a POST with no body and no Content-Type is fine (curl -X POST)
    }

    @Test
    void requestsNoRouteTakesAreProblemsToo() throws Exception {
        // not operations of the document, but the same shape: a client has one error parser for the whole port
        assertShape(send("GET", "/api/nosuchroute", app.token(), null), 404, "NOT_FOUND");
        assertShape(send("GET", "/api/assets/" + failed.getId() + "/retry", app.token(), null), 405, "METHOD_NOT_ALLOWED");
        assertShape(send("POST", "/api/assets/" + ready.getId() + "/playback", app.token(), "{\"viewer\": \"" + "x".repeat(70_000) + "\"}"),
                413, "BODY_TOO_LARGE");
        assertShape(send("GET", "/media/" + ready.getId() + "/master.m3u8", null, null), 403, "FORBIDDEN");
        assertShape(send("GET", "/keys/" + ready.getId(), null, null), 403, "FORBIDDEN");
        assertShape(send("GET", "/no/such/page", null, null), 404, "NOT_FOUND");
    }

    private JsonNode check(String method, String path, String body) throws Exception {
        HttpResponse<String> r = send(method, path, app.token(), body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isBetween(200, 299);
        checked.add(method + " " + contract.template(path));
        return contract.check(method, path, r);
    }

    private void assertProblem(HttpResponse<String> r, int status, String code, String method) throws Exception {
        String path = r.uri().getRawPath() + (r.uri().getRawQuery() == null ? "" : "?" + r.uri().getRawQuery());
        JsonNode body = contract.check(method, path, r);
        assertShape(r, status, code);
        assertThat(body.path("instance").asText()).isEqualTo(r.uri().getRawPath());
    }

    private static void assertShape(HttpResponse<String> r, int status, String code) throws Exception {
        assertThat(r.statusCode()).as(r.uri() + " " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = caravan.asset.Json.MAPPER.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("code").asText()).isEqualTo(code);
        assertThat(body.path("type").asText()).isEqualTo("urn:caravan:problem:" + code.toLowerCase().replace('_', '-'));
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).isNotBlank().doesNotContain(data.toString());
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = request(path, token);
        if (method.equals("POST")) {
            b.header("Content-Type", "application/json").POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }
}
