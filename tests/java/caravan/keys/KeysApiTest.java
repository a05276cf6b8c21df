package caravan.keys;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/keys/retire} on a running Caravan: only versions nothing uses go, the active one never. */
@Pipeline
class KeysApiTest {
    @TempDir
    Path data;

    private static HttpResponse<String> post(CaravanApp app, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void retireRemovesUnusedVersionsAndRefusesTheActiveOne() throws Exception {
        try (CaravanApp app = CaravanApp.start(data, Map.of())) {
            assertThat(post(app, "/api/keys/retire", null).statusCode()).isEqualTo(401);
            assertThat(post(app, "/api/keys/rotate", app.token()).statusCode()).isEqualTo(200);

            HttpResponse<String> active = post(app, "/api/keys/retire?keyId=k2", app.token());
            assertThat(active.statusCode()).isEqualTo(409);
            assertThat(Json.MAPPER.readTree(active.body()).toString()).contains("KEY_ACTIVE");
            HttpResponse<String> unknown = post(app, "/api/keys/retire?keyId=k7", app.token());
            assertThat(unknown.statusCode()).isEqualTo(404);

            HttpResponse<String> retired = post(app, "/api/keys/retire", app.token());
            assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);
            JsonNode answer = Json.MAPPER.readTree(retired.body());
            assertThat(answer.path("activeKeyId").asText()).isEqualTo("k2");
            assertThat(answer.path("retired").toString()).isEqualTo("[\"k1\"]");
            assertThat(Json.MAPPER.readTree(data.resolve("master.key").toFile()).path("keys").fieldNames()).toIterable().containsExactly("k2");
        }
    }
}
