package caravan.uploads;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Caravan halted (as by SIGKILL) after a finished upload's sidecar reached the inbox and before its video did: the
 * restarted Caravan lands the video beside it, and the asset becomes READY once, with the upload's metadata. Nothing
 * is left in the inbox or the uploads folder.
 */
@Pipeline
class UploadLandingCrashTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void anUploadCutBetweenItsSidecarAndItsVideoLandsWholeAfterARestart() throws Exception {
        Path data = dir.resolve("data");
        int port = CaravanApp.freePort();
        byte[] clip = Files.readAllBytes(TestClips.variant(TestClips.audioOnly(), "upload-crash"));
        ChildCaravan crashing = ChildCaravan.start(data, port, Map.of(), dir.resolve("crash.log"),
                List.of("-Dcaravan.crashAt=upload-sidecar-landed"));
        String token = Files.readString(data.resolve("api-token")).strip();
        HttpResponse<String> created = HTTP.send(request(port, token, "/api/uploads").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"ward-round.m4a\", \"size\": " + clip.length
                        + ", \"externalId\": \"lms-77\", \"metadata\": {\"title\": \"Ward round\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        try {
            HTTP.send(request(port, token, location).header("Upload-Offset", "0").header("Content-Type", "application/offset+octet-stream")
                    .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(clip)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException halted) {
            // the process halted before answering
        }
        assertThat(crashing.awaitExit(60)).as("halted between the sidecar and the video").isEqualTo(137);
        assertThat(names(data.resolve("inbox"))).containsExactly("ward-round.json");

        try (ChildCaravan restarted = ChildCaravan.start(data, port, Map.of(), dir.resolve("restart.log"))) {
            JsonNode items = restarted.awaitOneReadyAsset(60);
            assertThat(items).as("one asset").hasSize(1);
            JsonNode asset = items.get(0);
            assertThat(asset.path("status").asText()).isEqualTo("READY");
            assertThat(asset.path("externalId").asText()).isEqualTo("lms-77");
            JsonNode full = Json.MAPPER.readTree(restarted.get("/api/assets/" + asset.path("id").asText()).body());
            assertThat(full.toString()).contains("Ward round");
            assertThat(names(data.resolve("inbox"))).as("nothing left in the inbox").isEmpty();
            assertThat(names(data.resolve("uploads"))).as("nothing left of the upload").isEmpty();
        }
    }

    private static HttpRequest.Builder request(int port, String token, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token)
                .header("Tus-Resumable", "1.0.0");
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }
}
