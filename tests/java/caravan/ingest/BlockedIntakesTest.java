package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.SourceFile;
import caravan.failure.ErrorCode;
import caravan.notify.Notifier;
import caravan.notify.SqliteOutbox;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import caravan.database.SqliteDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * One file, one asset: a file that cannot be moved out of the inbox keeps the asset recorded for it across offers
 * and restarts, is tried again no sooner than its back-off allows, and fails as missing if it leaves the inbox.
 */
class BlockedIntakesTest {
    @TempDir
    Path dir;
    DataFolders folders;
    AssetStore store;
    Notifier notifier;
    Path locked;
    Path video;
    final SettableClock clock = new SettableClock();

    @BeforeEach
    void aFileInAFolderThatCannotBeChanged() throws Exception {
        folders = DataFolders.create(dir.resolve("data"));
        SqliteDatabase db = new SqliteDatabase(dir.resolve("caravan.db"));
        store = new SqliteAssetStore(db, Clock.systemUTC());
        notifier = new Notifier(new SqliteOutbox(db), List.of(), Clock.systemUTC(), () -> { });
        locked = Files.createDirectories(folders.inbox().resolve("locked"));
        video = Files.writeString(locked.resolve("talk.mp4"), "a video");
        assumeTrue(UnchangeableFolder.lock(locked), "cannot make a folder unchangeable here");
    }

    @AfterEach
    void unlock() throws Exception {
        UnchangeableFolder.unlock(locked);
    }

    @Test
    void backOffDoublesFromOneSecondUpToFiveMinutes() {
        assertThat(List.of(1, 2, 3, 9, 10, 11, 1000)).extracting(BlockedIntakes::waitAfter).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(256),
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    @Test
    void everyOfferOfABlockedFileReusesItsOneAsset() throws Exception {
        Intake intake = new Intake(folders, store, notifier, clock);
        for (int i = 0; i < 20; i++) {
            assertThat(intake.accept(video.toString())).isNull();
            clock.advance(Duration.ofMillis(700));
        }

        List<Asset> assets = store.list(100, null);
        assertThat(assets).hasSize(1);
        assertThat(assets.get(0).getStatus()).isEqualTo(AssetStatus.RECEIVED);
        assertThat(assets.get(0).getError().code()).isEqualTo(Intake.BLOCKED);
        assertThat(assets.get(0).getError().attempts()).as("tried at 0, 1, 3, 7 s: backed off, not at every offer").isEqualTo(4);

        UnchangeableFolder.unlock(locked);
        clock.advance(Duration.ofSeconds(8));
        String id = intake.accept(video.toString());

        assertThat(id).isEqualTo(assets.get(0).getId());
        assertThat(folders.source(id)).hasContent("a video");
        assertThat(store.find(id).orElseThrow().getError()).isNull();
        assertThat(store.list(100, null)).hasSize(1);
    }

    @Test
    void afterARestartABlockedFileKeepsItsAssetInsteadOfFailing() throws Exception {
        String id = Intake.newId();
        store.create(Asset.received(id, new SourceFile("locked/talk.mp4", 7, null), clock.instant(), clock.instant()));
        Intake intake = new Intake(folders, store, notifier, clock);
        Recovery recovery = new Recovery(folders, store, intake, notifier);

        recovery.reconcile();

        assertThat(recovery.resume()).isEmpty();
        assertThat(store.find(id).orElseThrow().getStatus()).isEqualTo(AssetStatus.RECEIVED);
        assertThat(store.find(id).orElseThrow().getError().code()).isEqualTo(Intake.BLOCKED);
        UnchangeableFolder.unlock(locked);
        clock.advance(Duration.ofSeconds(1));
        assertThat(intake.accept(video.toString())).isEqualTo(id);
        assertThat(store.list(100, null)).hasSize(1);
    }

    @Test
    void aBlockedFileRemovedFromTheInboxFailsItsAssetAsMissing() throws Exception {
        Intake intake = new Intake(folders, store, notifier, clock);
        assertThat(intake.accept(video.toString())).isNull();
        UnchangeableFolder.unlock(locked);
        Files.delete(video);
        Path another = Files.writeString(folders.inbox().resolve("another.mp4"), "another video");

        intake.accept(another.toString());

        Asset blocked = store.list(100, null).stream().filter(a -> a.getSource().name().equals("locked/talk.mp4")).findFirst().orElseThrow();
        assertThat(blocked.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(blocked.getError().code()).isEqualTo(ErrorCode.SOURCE_MISSING.name());
    }

    /** A real clock whose time the test moves on, so back-off can be checked without waiting for it. */
    static final class SettableClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
