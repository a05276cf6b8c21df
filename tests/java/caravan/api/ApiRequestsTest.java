package caravan.api;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a caller sends never comes back as a response header (no header injection through a query parameter or a
 * request header), and a body the API cannot read is a 400 or 415 problem (RFC 9457) with a code, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ApiRequestsTest {
    private static final List<String> GETS = List.of("/api/assets", "/api/assets/nosuchasset", "/api/assets/nosuchasset/audit",
            "/api/assets/nosuchasset/poster", "/api/assets/nosuchasset/deliveries",
            "/api/assets/nosuchasset/retry", "/api/nosuchroute"); // a GET on a POST route, and no route at all
    private static final List<String> POSTS = List.of("/api/assets/nosuchasset/playback", "/api/assets/nosuchasset/retry",
            "/api/assets/nosuchasset/deliveries/resend", "/api/keys/rotate");

    @TempDir
    static Path data;
    CaravanApp app;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void queryParametersAndRequestHeadersNeverComeBackAsResponseHeaders() throws Exception {
        String query = "?Access-Control-Allow-Origin=http://evil.example&X-Injected-Query=1&Set-Cookie=session%3Devil";
        for (boolean withToken : new boolean[]{true, false}) {
            for (String path : GETS) {
                assertNothingEchoed(request(path + query, withToken).GET(), path);
            }
            for (String path : POSTS) {
                assertNothingEchoed(request(path + query, withToken).POST(HttpRequest.BodyPublishers.ofString("{}")), path);
            }
        }
    }

    @Test
    void aFormOrMalformedBodyIsRefusedWithACodeNeverA500() throws Exception {
        for (String path : POSTS) {
            HttpResponse<String> form = http.send(request(path, true).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("ttlSeconds=60&id=other&viewer=x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(form.statusCode()).as("form POST to %s: %s", path, form.body()).isEqualTo(415);
            assertThat(errorCode(form)).as(path).isEqualTo("UNSUPPORTED_MEDIA_TYPE");

            HttpResponse<String> text = http.send(request(path, true).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(text.statusCode()).as("text POST to %s", path).isEqualTo(415);
        }
        HttpResponse<String> malformed = http.send(request("/api/assets/nosuchasset/playback", true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttlSeconds\": ")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(errorCode(malformed)).isEqualTo("BAD_REQUEST");
        HttpResponse<String> notAnObject = http.send(request("/api/assets/nosuchasset/playback", true).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(notAnObject.statusCode()).isEqualTo(400);
        assertThat(errorCode(notAnObject)).isEqualTo("BAD_REQUEST");
    }

    private void assertNothingEchoed(HttpRequest.Builder request, String path) throws Exception {
        HttpResponse<String> r = http.send(request.header("X-Injected-Header", "echo-me").header("Pragma", "echo-me-too")
                .build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = r.headers().map();
        assertThat(headers.keySet()).as("%s %d", path, r.statusCode())
                .noneMatch(h -> h.equalsIgnoreCase("access-control-allow-origin") || h.equalsIgnoreCase("x-injected-query")
                        || h.equalsIgnoreCase("x-injected-header") || h.equalsIgnoreCase("authorization") || h.equalsIgnoreCase("pragma"));
        assertThat(headers.getOrDefault("set-cookie", List.of())).as(path).noneMatch(c -> c.contains("evil"));
        assertThat(headers.values().stream().flatMap(List::stream)).as(path).noneMatch(v -> v.contains("echo-me") || v.contains("evil.example"));
        assertThat(r.statusCode()).as(path).isLessThan(500);
    }

    private HttpRequest.Builder request(String path, boolean withToken) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path));
        return withToken ? b.header("Authorization", "Bearer " + app.token()) : b;
    }

    private static String errorCode(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode body = Json.MAPPER.readTree(r.body());
        return body.path("code").asText();
    }
}
