package caravan.transcode;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.ffmpeg.BoundedProcess;
import caravan.testing.CaravanApp;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import caravan.testing.Pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transcode's time limit holds even against an ffmpeg that ignores SIGTERM: it and what it started are killed
 * soon after the limit, and the asset fails as TRANSCODE_TIMEOUT instead of holding a worker for good.
 */
@Pipeline
class TranscodeTimeLimitTest {
    @TempDir
    Path dir;

    @Test
    void anFfmpegThatIgnoresSigtermIsKilledAtTheTimeLimit() throws Exception {
        Path children = dir.resolve("children");
        String real = String.join(" ", TestClips.tools().ffmpeg().stream().map(a -> "'" + a + "'").toList());
        Path stubborn = dir.resolve("ffmpeg-stubborn.sh");
        Files.writeString(stubborn, """
                #!/bin/sh
                case " $* " in *" -progress "*)
                  trap '' TERM
                  sleep 120 &
                  echo $! >> '%s'
                  wait
                  exit 0;;
                esac
                exec %s "$@"
                """.formatted(children, real));
        Files.setPosixFilePermissions(stubborn, PosixFilePermissions.fromString("rwx------"));

        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.ffmpeg.path", stubborn.toString(),
                "caravan.transcode.minTimeoutSeconds", "2", "caravan.transcode.timeoutPerMediaSecond", "0"))) {
            app.drop(TestClips.variant(TestClips.noAudio(), "stubborn"), "stubborn.mp4");
            Asset transcoding = app.await("stubborn.mp4", a -> a.getStatus() == AssetStatus.TRANSCODING, Duration.ofSeconds(60));
            Instant started = Instant.now();
            Asset asset = app.awaitOutcome("stubborn.mp4", Duration.ofSeconds(30));
            Duration took = Duration.between(started, Instant.now());

            assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
            assertThat(asset.getError().code()).isEqualTo("TRANSCODE_TIMEOUT");
            assertThat(took).as("limit 2 s + grace").isLessThan(Duration.ofMillis(2_000 + BoundedProcess.GRACE_MILLIS + 10_000));
            List<String> pids = Files.readAllLines(children);
            assertThat(pids).hasSize(1);
            assertThat(gone(Long.parseLong(pids.get(0).strip()))).as("the child ffmpeg started").isTrue();
            assertThat(transcoding.getId()).isEqualTo(asset.getId());
        }
    }

    private static boolean gone(long pid) throws InterruptedException {
        for (int i = 0; i < 40 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(50);
        }
        return !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
