package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
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
}
