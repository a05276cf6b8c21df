package caravan;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 in the middle of a transcode, start again: the asset finishes once, and nothing is left behind. */
@Pipeline
class CrashRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void assetCaughtMidTranscodeByKillNineFinishesAfterRestart() throws Exception {
        Path data = dir.resolve("data");
        Path clip = TestClips.landscape(60);
        int port = CaravanApp.freePort();
        try (WebhookReceiver hooks = new WebhookReceiver()) {
            Map<String, String> env = Map.of("CARAVAN_WEBHOOK_URLS", hooks.url(), "CARAVAN_WORKERS", "1");
            ChildCaravan first = ChildCaravan.start(data, port, env, dir.resolve("first.log"));
            Path tmp = data.resolve("inbox").resolve(".long.mp4.part");
            Files.copy(clip, tmp);
            Files.move(tmp, data.resolve("inbox").resolve("long lecture.mp4"), StandardCopyOption.ATOMIC_MOVE);

            String id = null;
            for (int i = 0; i < 600 && id == null; i++) {
                JsonNode items = Json.MAPPER.readTree(first.get("/api/assets").body()).path("items");
                if (items.size() == 1 && items.get(0).path("status").asText().equals("TRANSCODING")
                        && items.get(0).path("progress").asInt() > 0) {
                    id = items.get(0).path("id").asText();
                }
                Thread.sleep(100);
            }
            assertThat(id).as("the asset reached TRANSCODING and reported progress").isNotNull();
            first.kill();
            java.util.List<ProcessHandle> orphans = mediaProcesses(data).toList();
            assertThat(orphans).as("the killed run left its ffmpeg behind").isNotEmpty();
            assertThat(Files.exists(data.resolve("media").resolve(id))).as("nothing published before the crash").isFalse();

            try (ChildCaravan second = ChildCaravan.start(data, port, env, dir.resolve("second.log"))) {
                assertThat(orphans).as("the restart stopped the leftover ffmpeg").noneMatch(CrashRecoveryTest::running);
                JsonNode asset = null;
                for (int i = 0; i < 1200; i++) {
                    asset = Json.MAPPER.readTree(second.get("/api/assets/" + id).body());
                    if (asset.path("status").asText().equals("READY") || asset.path("status").asText().equals("FAILED")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(asset.path("status").asText()).isEqualTo("READY");
                assertThat(asset.path("renditions")).hasSize(3);
                assertThat(Json.MAPPER.readTree(second.get("/api/assets").body()).path("items")).hasSize(1);
                assertThat(data.resolve("media").resolve(id).resolve("master.m3u8")).exists();
                assertThat(data.resolve("work").resolve(id)).doesNotExist();
                assertThat(data.resolve("archive").resolve(id).resolve("long lecture.mp4")).hasSameBinaryContentAs(clip);
                assertThat(mediaProcesses(data).count()).as("no ffmpeg left running").isZero();

                Thread.sleep(2000);
                assertThat(hooks.accepted(id, "asset.ready")).hasSize(1);
                assertThat(hooks.accepted(id, "asset.received")).hasSize(1);
            }
        }
    }

    /** Alive and not a zombie (a killed orphan stays a zombie until its new parent reaps it). */
    private static boolean running(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(p.pid()), "stat"));
            return p.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException gone) {
            return false;
        }
    }

    private static Stream<ProcessHandle> mediaProcesses(Path data) {
        String marker = "file:" + data.resolve("work");
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(a -> Arrays.stream(a).anyMatch(x -> x.startsWith(marker))).orElse(false));
    }
}
