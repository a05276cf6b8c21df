package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator does to a running Caravan with the documented commands: rotate the master key (`./caravan
 * rotate-key`: assets from before and after still open, with the same keys), and resend webhook deliveries that
 * were given up (`POST /api/assets/{id}/deliveries/resend`: same webhook-id).
 */
@Pipeline
class OperatorCommandsTest {
    @TempDir
    Path data;

    @Test
    void rotatingTheMasterKeyRewrapsEveryDataKeyAndLosesNothing() throws Exception {
        try (CaravanApp app = CaravanApp.start(data, Map.of())) {
            app.dropText("before.json", "{\"sensitive\": {\"mrn\": \"MRN-BEFORE\"}}");
            app.drop(TestClips.variant(TestClips.noAudio(), "rotate-before"), "before.mp4");
            Asset before = app.awaitOutcome("before.mp4", Duration.ofSeconds(90));
            assertThat(before.getStatus()).isEqualTo(AssetStatus.READY);
            byte[] keyBefore = app.contentKey(before.getId());
            assertThat(before.getSealed().keyId()).isEqualTo("k1");

            String out = run(app, "rotate-key");
            assertThat(out).isEqualTo("Master key rotated: k2 is the active version now; 1 stored data key was re-wrapped with it.\n");

            Asset rewrapped = app.store().find(before.getId()).orElseThrow();
            assertThat(rewrapped.getSealed().keyId()).isEqualTo("k2");
            assertThat(rewrapped.getContentKey().keyId()).isEqualTo("k2");
            assertThat(app.contentKey(before.getId())).isEqualTo(keyBefore);

            app.dropText("after.json", "{\"sensitive\": {\"mrn\": \"MRN-AFTER\"}}");
            app.drop(TestClips.variant(TestClips.audioOnly(), "rotate-after"), "after.m4a");
            Asset after = app.awaitOutcome("after.m4a", Duration.ofSeconds(90));
            assertThat(after.getSealed().keyId()).isEqualTo("k2");
            assertThat(app.contentKey(after.getId())).hasSize(16);

            FieldSealer reopened = new FieldSealer(MasterKeyFile.openOrCreate(data.resolve("master.key")));
            assertThat(reopened.open(before.getId(), rewrapped.getSealed()).path("mrn").asText()).isEqualTo("MRN-BEFORE");
            assertThat(reopened.open(after.getId(), after.getSealed()).path("mrn").asText()).isEqualTo("MRN-AFTER");
            assertThat(Json.MAPPER.readTree(data.resolve("master.key").toFile()).path("keys").size()).isEqualTo(2);
            assertThat(app.get("/api/assets/" + before.getId() + "/audit", app.token()).body()).contains("key-rotation");
        }
    }

    @Test
    void givenUpDeliveriesAreListedAndResentUnderTheSameWebhookId() throws Exception {
        try (WebhookReceiver hooks = new WebhookReceiver();
             CaravanApp app = CaravanApp.start(data, Map.of("caravan.webhook.urls", hooks.url(),
                     "caravan.webhook.maxRedeliveries", "0", "caravan.webhook.maxRounds", "1"))) {
            hooks.failNext(1_000_000);
            app.drop(TestClips.variant(TestClips.audioOnly(), "resend"), "resend.m4a");
            Asset asset = app.awaitOutcome("resend.m4a", Duration.ofSeconds(90));
            JsonNode deliveries = null;
            for (int i = 0; i < 100; i++) {
                deliveries = Json.MAPPER.readTree(app.get("/api/assets/" + asset.getId() + "/deliveries", app.token()).body()).path("items");
                if (deliveries.size() == 2 && deliveries.findValuesAsText("state").stream().allMatch("FAILED"::equals)) {
                    break;
                }
                Thread.sleep(100);
            }
            assertThat(deliveries.findValuesAsText("state")).containsExactly("FAILED", "FAILED");
            assertThat(deliveries.findValuesAsText("lastError")).containsOnly("HTTP 500");
            List<String> ids = deliveries.findValuesAsText("webhookId");

            hooks.failNext(0);
            var resent = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    URI.create(app.baseUrl() + "/api/assets/" + asset.getId() + "/deliveries/resend"))
                    .header("Authorization", "Bearer " + app.token()).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(Json.MAPPER.readTree(resent.body()).path("resent").asInt()).isEqualTo(2);
            for (int i = 0; i < 100 && hooks.accepted(asset.getId(), "asset.ready").isEmpty(); i++) {
                Thread.sleep(100);
            }
            assertThat(hooks.accepted(asset.getId(), "asset.ready")).singleElement()
                    .satisfies(r -> assertThat(ids).contains(r.header("webhook-id")));
            assertThat(hooks.accepted(asset.getId(), "asset.received")).hasSize(1);
        }
    }

    private static String run(CaravanApp app, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("./caravan"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("CARAVAN_HTTP_PORT", String.valueOf(URI.create(app.baseUrl()).getPort()));
        pb.environment().put("CARAVAN_DATA", app.data().toString());
        pb.environment().put("CARAVAN_CLASSPATH", System.getProperty("java.class.path")); // the CLI's classes, no jar in a test run
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
