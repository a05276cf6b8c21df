package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.database.SqliteDatabase;
import caravan.store.SqliteAssetStore;
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
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM during a transcode: Caravan stops taking work, lets the running job finish within the grace period, exits. */
@Pipeline
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void aTerminatedCaravanFinishesItsRunningJobBeforeExiting() throws Exception {
        Path data = dir.resolve("data");
        ChildCaravan caravan = ChildCaravan.start(data, CaravanApp.freePort(), Map.of(), dir.resolve("caravan.log"));
        Path tmp = data.resolve("inbox").resolve(".lecture.part");
        Files.copy(TestClips.landscape(30), tmp);
        Files.move(tmp, data.resolve("inbox").resolve("lecture.mp4"), StandardCopyOption.ATOMIC_MOVE);
        String id = null;
        for (int i = 0; i < 600 && id == null; i++) {
            JsonNode items = Json.MAPPER.readTree(caravan.get("/api/assets").body()).path("items");
            if (items.size() == 1 && items.get(0).path("status").asText().equals("TRANSCODING")) {
                id = items.get(0).path("id").asText();
            }
            Thread.sleep(100);
        }
        assertThat(id).isNotNull();

        int exit = caravan.terminate();
        assertThat(exit).as("exit status after SIGTERM").isIn(0, 130, 143);
        try (SqliteAssetStore store = new SqliteAssetStore(new SqliteDatabase(data.resolve("caravan.db")), Clock.systemUTC())) {
            Asset asset = store.find(id).orElseThrow();
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        }
        assertThat(data.resolve("media").resolve(id).resolve("master.m3u8")).exists();
        assertThat(data.resolve("work").resolve(id)).doesNotExist();
    }
}
