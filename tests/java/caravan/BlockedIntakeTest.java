package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.ingest.Intake;
import caravan.ingest.UnchangeableFolder;
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

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One file, one asset: an upload that cannot be moved out of the inbox (here its folder may not be changed: made
 * immutable with {@code chattr +i} as root, read-only otherwise) is recorded once, stays RECEIVED with the code
 * INTAKE_BLOCKED in its error (seen in the API) and one warning in the log, and is tried again with back-off. Once
 * the obstacle is gone the same asset is taken and becomes READY.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class BlockedIntakeTest {
    private static final String NAME = "locked/talk.mp4";

    @TempDir
    static Path data;
    private Path locked;
    private CaravanApp app;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    void anUploadInAFolderThatCannotBeChanged() throws Exception {
        locked = Files.createDirectories(data.resolve("inbox").resolve("locked"));
        Path video = Files.copy(TestClips.variant(TestClips.noAudio(), "blocked"), locked.resolve("talk.mp4"));
        Files.setLastModifiedTime(video, FileTime.from(Instant.now().minusSeconds(60)));
        assumeTrue(UnchangeableFolder.lock(locked), "cannot make a folder unchangeable here (chattr +i as root, chmod 555 otherwise)");
        logs.start();
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        app = CaravanApp.start(data, Map.of("caravan.ingest.pollMillis", "200"));
    }

    @AfterAll
    void stop() throws Exception {
        UnchangeableFolder.unlock(locked);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFileThatCannotBeMovedIsOneAssetReportedOnceAndTakenWhenItCanBe() throws Exception {
        Thread.sleep(4000); // 20 polls of the inbox

        List<Asset> assets = assetsOf(NAME);
        assertThat(assets).hasSize(1);
        Asset blocked = assets.get(0);
        assertThat(blocked.getStatus()).isEqualTo(AssetStatus.RECEIVED);
        assertThat(blocked.getError().code()).isEqualTo(Intake.BLOCKED);
        HttpResponse<String> shown = app.get("/api/assets/" + blocked.getId(), app.token());
        assertThat(shown.body()).contains("INTAKE_BLOCKED").doesNotContain(data.toString());
        assertThat(warnings()).hasSize(1);
        assertThat(locked.resolve("talk.mp4")).isRegularFile();

        UnchangeableFolder.unlock(locked);

        Asset ready = app.awaitOutcome(NAME, Duration.ofSeconds(90));
        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(ready.getId()).isEqualTo(blocked.getId());
        assertThat(ready.getError()).isNull();
        assertThat(assetsOf(NAME)).hasSize(1);
        assertThat(warnings()).hasSize(1);
    }

    private List<Asset> assetsOf(String name) {
        return app.store().list(1000, null).stream().filter(a -> name.equals(a.getSource().name())).toList();
    }

    private List<String> warnings() {
        return LogSnapshot.of(logs).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("INTAKE_BLOCKED")).toList();
    }
}
