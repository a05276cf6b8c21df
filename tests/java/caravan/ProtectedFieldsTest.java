package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.testing.LogSnapshot;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protected sidecar fields (patient name, MRN, date of birth, e-mail) through success, failure, retry and webhook
 * paths at DEBUG log level: afterwards none of the values is anywhere in clear (logs, database file, files kept on
 * disk, error reports, webhook bodies, audit trail, API answers), yet the sealed copy still opens with the key.
 */
@Pipeline
class ProtectedFieldsTest {
    private static final List<String> PHI = List.of("Zebedee Quarrington", "MRN-5550142", "1961-07-23", "zq.patient@example.org");
    @TempDir
    Path data;

    @Test
    void protectedValuesAppearNowhereInClear() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level before = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.DEBUG);
        String sensitive = "\"sensitive\": {\"patientName\": \"" + PHI.get(0) + "\", \"mrn\": \"" + PHI.get(1)
                + "\", \"dob\": \"" + PHI.get(2) + "\", \"email\": \"" + PHI.get(3) + "\"}";
        List<String> answers = new ArrayList<>();
        try (WebhookReceiver hooks = new WebhookReceiver();
             CaravanApp app = CaravanApp.start(data, Map.of("caravan.webhook.urls", hooks.url()))) {
            hooks.failNext(2);
            app.dropText("consult.json", "{\"title\": \"Consultation\", " + sensitive + "}");
            app.drop(TestClips.variant(TestClips.noAudio(), "phi-ok"), "consult.mp4");
            app.dropText("case.json", "{\"title\": 12, " + sensitive + "}");
            app.drop(TestClips.variant(TestClips.audioOnly(), "phi-bad"), "case.m4a");
            Asset ready = app.awaitOutcome("consult.mp4", Duration.ofSeconds(90));
            Asset failed = app.awaitOutcome("case.m4a", Duration.ofSeconds(90));
            assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(failed.getError().code()).isEqualTo("SIDECAR_INVALID");
            assertThat(failed.getSealed()).as("sealed even though the sidecar was rejected").isNotNull();

            Path keptSidecar = data.resolve("failed").resolve(failed.getId()).resolve("sidecar.json");
            JsonNode kept = Json.MAPPER.readTree(keptSidecar.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) kept).put("title", "Case review");
            Files.writeString(keptSidecar, Json.MAPPER.writeValueAsString(kept));
            HttpResponse<String> retry = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(app.baseUrl() + "/api/assets/" + failed.getId() + "/retry"))
                    .header("Authorization", "Bearer " + app.token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            answers.add(retry.body());
            Asset retried = app.await("case.m4a", a -> a.getStatus() == AssetStatus.READY, Duration.ofSeconds(90));
            assertThat(retried.getMetadata()).containsEntry("title", "Case review");

            for (int i = 0; i < 300 && (hooks.accepted(retried.getId(), "asset.ready").isEmpty()
                    || hooks.accepted(ready.getId(), "asset.ready").isEmpty()); i++) {
                Thread.sleep(100);
            }
            assertThat(hooks.accepted(ready.getId(), "asset.ready")).isNotEmpty();
            assertThat(hooks.received().stream().filter(r -> r.answeredWith() == 500)).isNotEmpty();
            for (String path : List.of("/api/assets", "/api/assets/" + ready.getId(), "/api/assets/" + failed.getId(),
                    "/api/assets/" + ready.getId() + "/audit", "/api/assets/" + failed.getId() + "/audit",
                    "/api/assets/" + failed.getId() + "/deliveries")) {
                HttpResponse<String> r = app.get(path, app.token());
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                answers.add(r.body());
            }

            List<String> everywhere = new ArrayList<>(answers);
            hooks.received().forEach(r -> everywhere.add(r.body()));
            LogSnapshot.of(logs).forEach(e -> everywhere.add(e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())));
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    everywhere.add(f + ": " + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
                }
            }
            assertThat(LogSnapshot.of(logs).stream().filter(e -> e.getLevel() == Level.DEBUG)).as("DEBUG was on").isNotEmpty();
            for (String value : PHI) {
                assertThat(everywhere).as(value).noneMatch(text -> text.contains(value));
            }

            JsonNode opened = new FieldSealer(MasterKeyFile.openOrCreate(data.resolve("master.key"))).open(retried.getId(), retried.getSealed());
            assertThat(opened.path("mrn").asText()).isEqualTo(PHI.get(1));
            assertThat(opened.path("email").asText()).isEqualTo(PHI.get(3));
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
    }

    /**
     * Sidecars whose protected fields cannot be sealed one by one: duplicate {@code sensitive} keys (the last, a
     * sealed-looking one, used to win), over the size limit, nested beyond the parser's limit. Each asset fails with
     * the sidecar's code, none of the values is in clear anywhere under the data folder, and the kept sidecar opens
     * with the operator's command.
     */
    @Test
    void sidecarsThatCannotBeSealedFieldByFieldAreKeptOnlyEncrypted() throws Exception {
        String sensitive = "\"sensitive\": {\"patientName\": \"" + PHI.get(0) + "\", \"mrn\": \"" + PHI.get(1) + "\"}";
        Map<String, String> sidecars = Map.of(
                "dup", "{\"title\": \"Dup\", " + sensitive + ", \"sensitive\": {\"sealed\": true}}",
                "big", "{" + sensitive + ", \"notes\": \"" + "x".repeat(5000) + "\"}",
                "deep", "{" + sensitive + ", \"n\": " + "[".repeat(1200) + "]".repeat(1200) + "}");
        Map<String, String> codes = Map.of("dup", "SIDECAR_INVALID", "big", "SIDECAR_TOO_LARGE", "deep", "SIDECAR_NOT_JSON");
        try (CaravanApp app = CaravanApp.start(data, Map.of("caravan.sidecar.maxBytes", "4096"))) {
            for (String name : sidecars.keySet()) {
                app.dropText(name + ".json", sidecars.get(name));
                app.drop(TestClips.variant(TestClips.audioOnly(), "unsealable-" + name), name + ".m4a");
            }
            for (String name : sidecars.keySet()) {
                Asset failed = app.awaitOutcome(name + ".m4a", Duration.ofSeconds(90));
                assertThat(failed.getStatus()).as(name).isEqualTo(AssetStatus.FAILED);
                assertThat(failed.getError().code()).as(name).isEqualTo(codes.get(name));
                assertThat(failed.getError().message()).as(name).contains("encrypted");
            }
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (String value : PHI.subList(0, 2)) {
                        assertThat(content).as(f + " holds " + value).doesNotContain(value);
                    }
                }
            }
            for (String name : sidecars.keySet()) {
                Asset failed = app.bySourceName(name + ".m4a").orElseThrow();
                Path kept = data.resolve("failed").resolve(failed.getId()).resolve("sidecar.json");
                Path out = Files.createTempDirectory("recovered").resolve(name + ".json");
                caravan.metadata.OpenSealedSidecar.main(new String[] {data.toString(), failed.getId(), kept.toString(), out.toString()});
                assertThat(out).as(name).hasContent(sidecars.get(name));
                Files.delete(out);
                Files.delete(out.getParent());
            }
        }
    }
}
