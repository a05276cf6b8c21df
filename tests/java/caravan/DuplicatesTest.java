package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.SourceFile;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of an upload is linked to it only when that original is READY, and playback of a DUPLICATE never grants
 * the folder of an original that is not READY. The original's failure comes from a real ffmpeg behind a wrapper
 * that holds its first transcode until the test lets it fail.
 */
@Pipeline
class DuplicatesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aCopyOfAnUploadStillTranscodingIsProcessedOnItsOwnWhenTheOriginalFails() throws Exception {
        Path release = dir.resolve("release");
        Map<String, String> settings = Map.of("caravan.ffmpeg.path", heldThenFailingFfmpeg(dir.resolve("runs"), release).toString(),
                "caravan.retry.maxRedeliveries", "0");
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), settings)) {
            Path clip = TestClips.variant(TestClips.noAudio(), "duplicate-of-failing");
            app.drop(clip, "original.mp4");
            Asset original = app.await("original.mp4", a -> a.getStatus() == AssetStatus.TRANSCODING, WAIT);
            app.drop(clip, "copy.mp4");
            app.await("copy.mp4", a -> a.getStatus().isOutcome() || a.getStatus() == AssetStatus.TRANSCODING, WAIT);
            Files.writeString(release, "fail now");

            assertThat(app.awaitOutcome("original.mp4", WAIT).getStatus()).isEqualTo(AssetStatus.FAILED);
            Asset copy = app.awaitOutcome("copy.mp4", WAIT);
            assertThat(copy.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(copy.getDuplicateOf()).isNull();

            HttpResponse<String> grant = app.grant(copy.getId(), "{}");
            assertThat(grant.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(grant.body()).path("assetId").asText()).isEqualTo(copy.getId());
            assertThat(Json.MAPPER.readTree(grant.body()).path("masterUrl").asText())
                    .contains("/media/" + copy.getId() + "/").doesNotContain(original.getId());
            assertThat(app.grant(original.getId(), "{}").statusCode()).isEqualTo(409);
        }
    }

    @Test
    void aDuplicateRecordedOfAnOriginalThatIsNotReadyIsNeverGrantedItsFolder() throws Exception {
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of())) {
            Instant now = Instant.now();
            Asset failed = Asset.received("failed-original", new SourceFile("a.mp4", 10, "same"), now, now);
            failed.setStatus(AssetStatus.FAILED);
            failed.setError(new AssetError("TRANSCODE_FAILED", "Transcoding failed.", 1));
            app.store().create(failed);
            Asset duplicate = Asset.received("duplicate-of-failed", new SourceFile("b.mp4", 10, "same"), now, now);
            duplicate.setStatus(AssetStatus.DUPLICATE);
            duplicate.setDuplicateOf(failed.getId());
            app.store().create(duplicate);

            HttpResponse<String> grant = app.grant(duplicate.getId(), "{}");
            assertThat(grant.statusCode()).isEqualTo(409);
            assertThat(grant.headers().allValues("Set-Cookie")).isEmpty();
            assertThat(grant.body()).doesNotContain(failed.getId());
            assertThat(app.get("/api/assets/" + duplicate.getId() + "/poster", app.token()).statusCode()).isEqualTo(404);
        }
    }

    /** A real ffmpeg whose first transcode run waits for {@code release} and then fails (exit 1); later runs work. */
    private Path heldThenFailingFfmpeg(Path counter, Path release) throws Exception {
        Path script = dir.resolve("ffmpeg-held.sh");
        String real = String.join(" ", TestClips.tools().ffmpeg().stream().map(a -> "'" + a + "'").toList());
        Files.writeString(script, """
                #!/bin/sh
                case " $* " in *" -progress "*)
                  echo run >> '%s'
                  if [ "$(wc -l < '%s')" -le 1 ]; then
                    i=0; while [ ! -e '%s' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done
                    echo "simulated encoder crash" >&2; exit 1
                  fi;;
                esac
                exec %s "$@"
                """.formatted(counter, counter, release, real));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
