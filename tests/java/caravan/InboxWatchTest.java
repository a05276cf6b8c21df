package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Outputs;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox is watched, not polled: with the backup scan set to ten minutes, uploads are still taken at once, in
 * folders made after the start too, and the asset.ready webhook leaves as soon as it is recorded. A sidecar and
 * captions dropped while their video is being transcoded still go with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class InboxWatchTest {
    private static final Duration SOON = Duration.ofSeconds(60);
    private static final String NO_POLL = "600000";

    @TempDir
    static Path data;
    private CaravanApp app;
    private WebhookReceiver hooks;

    @BeforeAll
    void start() throws Exception {
        hooks = new WebhookReceiver();
        app = CaravanApp.start(data, Map.of("caravan.ingest.pollMillis", NO_POLL, "caravan.webhook.pollMillis", NO_POLL,
                "caravan.webhook.urls", hooks.url()));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        hooks.close();
    }

    @Test
    void anUploadIsTakenOnTheFileSystemEventAndItsWebhookLeavesAtOnce() throws Exception {
        app.drop(TestClips.variant(TestClips.noAudio(), "watched"), "watched.mp4");

        Asset asset = app.awaitOutcome("watched.mp4", SOON);
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        long end = System.nanoTime() + SOON.toNanos();
        while (hooks.accepted(asset.getId(), "asset.ready").isEmpty() && System.nanoTime() < end) {
            Thread.sleep(100);
        }
        assertThat(hooks.accepted(asset.getId(), "asset.ready")).hasSize(1);
    }

    @Test
    void anUploadInAFolderMadeAfterTheStartIsTaken() throws Exception {
        Files.createDirectories(app.inbox().resolve("course-b").resolve("week-1"));
        Thread.sleep(200); // the new folders are being watched; the drop below is a separate event

        app.drop(TestClips.variant(TestClips.noAudio(), "nested-watched"), "course-b/week-1/nested.mp4");

        assertThat(app.awaitOutcome("course-b/week-1/nested.mp4", SOON).getStatus()).isEqualTo(AssetStatus.READY);
    }

    @Test
    void aSidecarAndCaptionsDroppedWhileTheVideoIsTranscodingGoWithIt() throws Exception {
        app.drop(TestClips.variant(TestClips.landscape(8), "late-companions"), "late.mp4");
        app.await("late.mp4", a -> a.getStatus() == AssetStatus.TRANSCODING, SOON);

        app.dropText("late.json", "{\"title\": \"Arrived during the transcode\", \"language\": \"en\"}");
        app.dropText("late.de.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nGuten Tag\n");

        Asset asset = app.awaitOutcome("late.mp4", SOON);
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(asset.getMetadata()).containsEntry("title", "Arrived during the transcode");
        assertThat(asset.getOutputs().captions()).extracting(Outputs.Caption::language).containsExactly("de");
        assertThat(app.inbox().resolve("late.json")).doesNotExist();
        assertThat(app.inbox().resolve("late.de.vtt")).doesNotExist();
    }
}
