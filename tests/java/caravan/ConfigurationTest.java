package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator edits in config/ takes effect, and a broken ladder stops Caravan with a message naming the field. */
@Pipeline
class ConfigurationTest {
    @TempDir
    Path dir;

    @Test
    void operatorSettingsInTheConfigFolderOverrideTheDefaults() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("caravan-limits.properties"), "caravan.limits.maxDurationSeconds=1\n");
        Files.writeString(config.resolve("ladder.json"), "{\"rungs\": [{\"name\": \"small\", \"height\": 120, \"videoKbps\": 200}]}");
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of(
                "camel.main.fileConfigurations", config + "/caravan*.properties",
                "caravan.ladder.file", config.resolve("ladder.json").toString()))) {
            app.drop(TestClips.variant(TestClips.noAudio(), "too-long"), "three-seconds.mp4");
            Asset asset = app.awaitOutcome("three-seconds.mp4", Duration.ofSeconds(60));
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
            assertThat(asset.getError().code()).isEqualTo("DURATION_LIMIT");
            assertThat(asset.getError().message()).contains("limit is 1 s");
        }
    }

    @Test
    void aBrokenLadderStopsTheStartWithTheFieldsNamed() throws Exception {
        Path ladder = dir.resolve("ladder.json");
        Files.writeString(ladder, "{\"video\": {\"preset\": \"warp\"}, \"rungs\": [{\"name\": \"x\", \"height\": 10, \"videoKbps\": 100}]}");
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.ladder.file", ladder.toString())))
                .hasMessageContaining("video.preset")
                .hasMessageContaining("rungs[0].height");
    }
    @Test
    void anOutputSettingThatCannotWorkStopsTheStartWithItsName() {
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.outputs.downloadRung", "4k")))
                .hasMessageContaining("caravan.outputs.downloadRung")
                .hasMessageContaining("720p");
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data2"), Map.of("caravan.quality.ssimFloor", "95")))
                .hasMessageContaining("caravan.quality.ssimFloor");
    }
    @Test
    void aShortApiTokenOrWebhookSecretStopsTheStartWithTheSettingNamedAndNotShown() {
        String shortToken = "hunter2-but-longer-0123456789";
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data"), Map.of("caravan.api.token", shortToken)))
                .hasMessageContaining("caravan.api.token").hasMessageContaining("CARAVAN_API_TOKEN")
                .hasMessageNotContaining(shortToken);
        String shortPlain = "my-webhook-secret";
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data2"), Map.of("caravan.webhook.secret", shortPlain)))
                .hasMessageContaining("caravan.webhook.secret").hasMessageContaining("CARAVAN_WEBHOOK_SECRET")
                .hasMessageNotContaining(shortPlain);
        // 16 random bytes: valid base64, but under the Standard Webhooks minimum of 24
        String shortWhsec = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> CaravanApp.start(dir.resolve("data3"), Map.of("caravan.webhook.secret", shortWhsec)))
                .hasMessageContaining("caravan.webhook.secret").hasMessageNotContaining(shortWhsec.substring(6));
    }

    @Test
    void strongConfiguredSecretsAreAccepted() throws Exception {
        String token = "t".repeat(32);
        String whsec = "whsec_" + java.util.Base64.getEncoder().encodeToString("0123456789abcdefghijklmn".getBytes());
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.api.token", token, "caravan.webhook.secret", whsec))) {
            assertThat(app.get("/api/assets", token).statusCode()).isEqualTo(200);
        }
    }
}
