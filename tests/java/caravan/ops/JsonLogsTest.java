package caravan.ops;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * With {@code CARAVAN_LOG_FORMAT=json} Caravan, run as an operator runs it, writes one JSON object per line in Elastic
 * Common Schema ({@code @timestamp}, {@code log.level}, {@code message}, {@code ecs.version}), which Elasticsearch,
 * Kibana, Filebeat and the like read without a parsing rule, and every line about an asset's work carries the asset
 * id, the route and the stage as fields, so a log search by asset id finds the whole story.
 */
@Pipeline
class JsonLogsTest {
    @TempDir
    Path dir;

    @Test
    void everyLineIsAnEcsDocumentAndAnAssetsLinesCarryItsIdRouteAndStage() throws Exception {
        Path data = dir.resolve("data");
        Path log = dir.resolve("caravan.log");
        String id;
        Instant started = Instant.now();
        try (ChildCaravan caravan = ChildCaravan.start(data, CaravanApp.freePort(), Map.of("CARAVAN_LOG_FORMAT", "json"), log)) {
            Path tmp = data.resolve("inbox").resolve(".lecture.mp4.part");
            Files.copy(TestClips.landscape(2), tmp);
            Files.move(tmp, data.resolve("inbox").resolve("lecture.mp4"), StandardCopyOption.ATOMIC_MOVE);
            id = awaitReady(caravan);
        }

        Files.copy(log, Path.of("target", "json-logs-test.log"), StandardCopyOption.REPLACE_EXISTING);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (!line.isBlank()) {
                JsonNode node = Json.MAPPER.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                assertThat(Instant.parse(node.path("@timestamp").asText())).as(line).isBetween(started, Instant.now());
                assertThat(node.path("log.level").asText()).as(line).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(node.path("message").isTextual()).as(line).isTrue();
                assertThat(node.path("ecs.version").asText()).as(line).matches("1\\.\\d+\\.\\d+");
                assertThat(node.path("service.name").asText()).as(line).isEqualTo("caravan");
                lines.add(node);
            }
        }
        List<JsonNode> aboutAsset = lines.stream().filter(l -> l.path("message").asText().contains(id)).toList();
        assertThat(aboutAsset).as("lines naming the asset").hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(l -> assertThat(l.path("assetId").asText()).as(l.toString()).isEqualTo(id));
        assertMdc(line(lines, "Received asset " + id), "ingest-folder", "ingest");
        assertMdc(line(lines, "Transcoded asset " + id), "transcode-ffmpeg", "transcode");
        assertMdc(line(lines, "Asset " + id + " is READY"), "pipeline", "publish");
    }

    private static void assertMdc(JsonNode line, String routeId, String stage) {
        assertThat(line.path("camel.routeId").asText()).as(line.toString()).isEqualTo(routeId);
        assertThat(line.path("stage").asText()).as(line.toString()).isEqualTo(stage);
    }

    private static JsonNode line(List<JsonNode> lines, String start) {
        return lines.stream().filter(l -> l.path("message").asText().startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("No line starting '" + start + "'"));
    }

    private static String awaitReady(ChildCaravan caravan) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(end)) {
            JsonNode items = Json.MAPPER.readTree(caravan.get("/api/assets").body()).path("items");
            if (items.size() == 1 && items.get(0).path("status").asText().equals("READY")) {
                return items.get(0).path("id").asText();
            }
            Thread.sleep(200);
        }
        return fail("The dropped lecture did not become READY");
    }
}
