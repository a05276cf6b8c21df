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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transient failures are redelivered before an asset fails; a failure that persists ends FAILED with the number of
 * attempts. The failing step is a real ffmpeg behind a wrapper that fails its first transcode runs.
 */
@Pipeline
class FailurePolicyTest {
    @TempDir
    Path dir;

    @Test
    void aTranscodeThatFailsOnceIsRedeliveredAndSucceeds() throws Exception {
        Path counter = dir.resolve("runs");
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.ffmpeg.path", flakyFfmpeg(counter, 1).toString()))) {
            app.drop(TestClips.variant(TestClips.noAudio(), "flaky-once"), "flaky.mp4");
            Asset asset = app.awaitOutcome("flaky.mp4", Duration.ofSeconds(60));
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(asset.getError()).isNull();
            assertThat(Files.readAllLines(counter)).hasSize(2);
        }
    }

    @Test
    void aTranscodeThatKeepsFailingEndsFailedAfterEveryRedelivery() throws Exception {
        Path counter = dir.resolve("runs");
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of(
                "caravan.ffmpeg.path", flakyFfmpeg(counter, 100).toString(), "caravan.retry.maxRedeliveries", "2"))) {
            app.drop(TestClips.variant(TestClips.noAudio(), "flaky-always"), "always broken.mp4");
            Asset asset = app.awaitOutcome("always broken.mp4", Duration.ofSeconds(60));
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
            assertThat(asset.getError().code()).isEqualTo("TRANSCODE_FAILED");
            assertThat(asset.getError().attempts()).isEqualTo(3);
            assertThat(asset.getError().message()).contains("ffmpeg exited with 1");
            assertThat(Files.readAllLines(counter)).hasSize(3);
            assertThat(app.data().resolve("failed").resolve(asset.getId()).resolve("always broken.mp4")).exists();
            assertThat(app.data().resolve("failed").resolve(asset.getId()).resolve("error.json")).exists();
        }
    }

    /** A real ffmpeg that fails (exit 1) on its first {@code failures} transcode runs; '-version' always works. */
    private Path flakyFfmpeg(Path counter, int failures) throws Exception {
        Path script = dir.resolve("ffmpeg-flaky.sh");
        String real = String.join(" ", TestClips.tools().ffmpeg().stream().map(a -> "'" + a + "'").toList());
        Files.writeString(script, """
                #!/bin/sh
                case " $* " in *" -progress "*)
                  echo run >> '%s'
                  if [ "$(wc -l < '%s')" -le %d ]; then echo "simulated encoder crash" >&2; exit 1; fi;;
                esac
                exec %s "$@"
                """.formatted(counter, counter, failures, real));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
