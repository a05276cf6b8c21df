package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.LogSnapshot;
import caravan.testing.TestClips;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A folder of the inbox swapped for a link after its video was taken leads nowhere: late pairing does not take a
 * sidecar or captions from where the link points (here another upload's kept files under {@code failed/}). The
 * asset becomes READY without them, the files stay where they are, and the refusal is logged without their names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class SwappedInboxFolderTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TITLE = "Another upload's title";
    private static final String CUE = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAnother upload's words\n";

    @TempDir
    static Path data;
    private CaravanApp app;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        app = CaravanApp.start(data, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        app.close();
    }

    @Test
    void lateCompanionsAreNotTakenThroughAFolderSwappedForALink() throws Exception {
        Path kept = Files.createDirectories(data.resolve("failed").resolve("a0000000000000001"));
        Path keptSidecar = Files.writeString(kept.resolve("talk.json"), "{\"title\": \"" + TITLE + "\"}");
        Path keptCaption = Files.writeString(kept.resolve("talk.en.vtt"), CUE);

        app.drop(TestClips.variant(TestClips.landscape(8), "swapped-folder"), "sub/talk.mp4");
        app.await("sub/talk.mp4", a -> a.getStatus() == AssetStatus.TRANSCODING, WAIT);
        Path sub = app.inbox().resolve("sub");
        Files.delete(sub); // empty: its video was taken
        Files.createSymbolicLink(sub, kept);

        Asset asset = app.awaitOutcome("sub/talk.mp4", WAIT);
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(asset.getMetadata()).doesNotContainValue(TITLE);
        assertThat(asset.getOutputs().captions()).isNullOrEmpty();
        assertThat(Files.readString(keptSidecar)).contains(TITLE);
        assertThat(Files.readString(keptCaption)).isEqualTo(CUE);
        assertThat(LogSnapshot.of(logs)).filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("not taken"))
                .allSatisfy(m -> assertThat(m).doesNotContain("talk").doesNotContain(kept.toString()));
    }
}
