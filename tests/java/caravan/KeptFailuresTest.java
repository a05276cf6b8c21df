package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.HostileMedia;
import caravan.testing.Pipeline;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every failed upload is kept in a folder of its own, {@code failed/<id>/}: two uploads with the same name failing
 * together on two workers keep both sources, both sidecars and both reports, and each retry takes back its own.
 * Where the source went is on record before it moves, so a crash in between still leaves the asset retryable.
 */
@Pipeline
class KeptFailuresTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void twoUploadsWithTheSameNameFailingTogetherKeepAndGetBackTheirOwnFiles() throws Exception {
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.retry.maxRedeliveries", "0"))) {
            List<String> weeks = List.of("week 1", "week 2");
            for (String week : weeks) {
                app.dropText(week + "/lecture.json", "{\"title\": \"Lecture of " + week + "\"}");
            }
            for (int i = 0; i < weeks.size(); i++) {
                Path corrupt = dir.resolve("corrupt-" + i + ".mp4");
                Files.write(corrupt, HostileMedia.randomBytes(64 * 1024, i));
                app.drop(corrupt, weeks.get(i) + "/lecture.mp4");
            }
            for (int i = 0; i < weeks.size(); i++) {
                Asset failed = app.awaitOutcome(weeks.get(i) + "/lecture.mp4", WAIT);
                assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
                assertKeptWhole(app, failed, weeks.get(i), i);
            }

            for (int i = 0; i < weeks.size(); i++) {
                String name = weeks.get(i) + "/lecture.mp4";
                Asset failed = app.bySourceName(name).orElseThrow();
                assertThat(retry(app.baseUrl(), app.token(), failed.getId()).statusCode()).isEqualTo(202);
                Asset again = app.await(name, a -> a.getRun() == 2 && a.getStatus() == AssetStatus.FAILED, WAIT);
                assertThat(again.getMetadata()).containsEntry("title", "Lecture of " + weeks.get(i));
                assertKeptWhole(app, again, weeks.get(i), i);
            }
        }
    }

    @Test
    void aCrashRightAfterTheSourceIsKeptLeavesTheAssetRetryable() throws Exception {
        Path data = dir.resolve("data");
        int port = CaravanApp.freePort();
        ChildCaravan crashing = ChildCaravan.start(data, port, Map.of(), dir.resolve("crash.log"), List.of("-Dcaravan.crashAt=failure-kept"));
        Path tmp = data.resolve("inbox").resolve(".broken.part");
        Files.write(tmp, HostileMedia.randomBytes(64 * 1024, 7));
        Files.move(tmp, data.resolve("inbox").resolve("broken.mp4"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(crashing.awaitExit(90)).as("halted after keeping the source").isEqualTo(137);

        try (ChildCaravan restarted = ChildCaravan.start(data, port, Map.of(), dir.resolve("restart.log"))) {
            JsonNode asset = awaitOnlyAsset(restarted, "FAILED");
            String id = asset.path("id").asText();
            HttpResponse<String> retried = retry("http://127.0.0.1:" + port, Files.readString(data.resolve("api-token")).trim(), id);
            assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
            JsonNode again = awaitOnlyAsset(restarted, "FAILED"); // the retry made it RECEIVED before answering
            assertThat(again.path("error").path("code").asText()).isEqualTo("UNREADABLE_MEDIA");
            assertThat(data.resolve("failed").resolve(id).resolve("broken.mp4")).hasBinaryContent(HostileMedia.randomBytes(64 * 1024, 7));
            assertThat(data.resolve("failed").resolve(id).resolve("error.json")).exists();
        }
    }

    private static void assertKeptWhole(CaravanApp app, Asset asset, String week, int seed) throws Exception {
        Path kept = app.data().resolve("failed").resolve(asset.getId());
        assertThat(asset.getKeptAt()).isEqualTo("failed/" + asset.getId() + "/lecture.mp4");
        assertThat(kept.resolve("lecture.mp4")).hasBinaryContent(HostileMedia.randomBytes(64 * 1024, seed));
        assertThat(Json.MAPPER.readTree(kept.resolve("sidecar.json").toFile()).path("title").asText()).isEqualTo("Lecture of " + week);
        JsonNode report = Json.MAPPER.readTree(kept.resolve("error.json").toFile());
        assertThat(report.path("assetId").asText()).isEqualTo(asset.getId());
        assertThat(report.path("source").asText()).isEqualTo(week + "/lecture.mp4");
        assertThat(report.path("error").path("code").asText()).isEqualTo("UNREADABLE_MEDIA");
    }

    private static JsonNode awaitOnlyAsset(ChildCaravan caravan, String status) throws Exception {
        JsonNode items = null;
        for (int i = 0; i < 600; i++) {
            items = Json.MAPPER.readTree(caravan.get("/api/assets").body()).path("items");
            if (items.size() == 1 && items.get(0).path("status").asText().equals(status)) {
                return items.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not one " + status + " asset: " + items);
    }

    private static HttpResponse<String> retry(String baseUrl, String token, String id) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/assets/" + id + "/retry"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
