package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.notify.Outbox;
import caravan.testing.CaravanApp;
import caravan.testing.LogSnapshot;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

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

    /**
     * A file whose container is intact (it probes as 640x360 H.264) but whose every video frame is garbage: ffmpeg
     * exits non-zero while decoding it. That is the upload's fault, not a transient one: it fails as
     * UNDECODABLE_MEDIA after at most one retry, with a sentence for the user and ffmpeg's own words (without
     * server paths) only in the log.
     */
    @Test
    void aFileThatProbesButCannotBeDecodedIsRejectedAfterAtMostOneRetry() throws Exception {
        Path garbled = garbledFrames(TestClips.noAudio());
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        Path data = dir.resolve("data");
        try (CaravanApp app = CaravanApp.start(data, Map.of("caravan.webhook.urls", "http://127.0.0.1:9/hook"))) {
            app.drop(garbled, "garbled frames.mp4");
            Asset asset = app.awaitOutcome("garbled frames.mp4", Duration.ofSeconds(90));

            assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
            assertThat(asset.getProbe()).as("the container itself is readable").isNotNull();
            assertThat(asset.getError().code()).as(asset.getError().message()).isEqualTo("UNDECODABLE_MEDIA");
            assertThat(asset.getError().attempts()).as("retried at most once").isBetween(1, 2);

            String apiMessage = Json.MAPPER.readTree(app.get("/api/assets/" + asset.getId(), app.token()).body())
                    .path("error").path("message").asText();
            JsonNode report = Json.MAPPER.readTree(data.resolve("failed").resolve(asset.getId()).resolve("error.json").toFile());
            List<Outbox.Delivery> deliveries = app.outbox().deliveries(asset.getId());
            assertThat(deliveries).isNotEmpty();
            String webhookMessage = deliveries.stream().filter(d -> d.type().equals("asset.failed")).findFirst().orElseThrow()
                    .payload();
            for (String shown : List.of(apiMessage, report.path("error").path("message").asText(), webhookMessage)) {
                assertThat(shown).contains("could not be decoded").doesNotContain(data.toString(), dir.toString(), "file:")
                        .doesNotContainPattern("(^|[\\s:'\"(=])/[A-Za-z0-9_.-]+/");
            }

            List<String> tails = LogSnapshot.of(logs).stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains(asset.getId()) && m.matches("(?s).*(Invalid NAL unit|Invalid data found|error while decoding).*")).toList();
            assertThat(tails).as("ffmpeg's stderr tail is logged").isNotEmpty()
                    .allSatisfy(m -> assertThat(m).doesNotContain(data.toString(), dir.toString()));
        } finally {
            root.detachAppender(logs);
        }
    }

    /** {@code clip} with every byte of its media data after the first few replaced by seeded noise; moov kept. */
    private Path garbledFrames(Path clip) throws Exception {
        byte[] bytes = Files.readAllBytes(clip);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int mdat = text.indexOf("mdat");
        int moov = text.indexOf("moov");
        assertThat(mdat).as("media data before the index").isPositive().isLessThan(moov);
        Random noise = new Random(18);
        for (int i = mdat + 4 + 40; i < moov - 8; i++) {
            bytes[i] = (byte) noise.nextInt(256);
        }
        return Files.write(dir.resolve("garbled.mp4"), bytes);
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
