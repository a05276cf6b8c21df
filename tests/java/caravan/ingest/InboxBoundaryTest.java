package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.SourceFile;
import caravan.failure.ErrorCode;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.metadata.MetadataStage;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.notify.SqliteOutbox;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import caravan.database.SqliteDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is taken from outside the inbox through a folder of the inbox that is (or was swapped for) a link: not
 * at intake, not by late pairing, not by recovery after a restart. What lies where the link points stays there.
 */
class InboxBoundaryTest {
    private static final String VIDEO = "course/week/talk.mp4";

    @TempDir
    Path dir;
    DataFolders folders;
    AssetStore store;
    Notifier notifier;
    Path outside;
    String id;

    @BeforeEach
    void anInboxFolderThatIsALinkToAnotherFolder() throws Exception {
        folders = DataFolders.create(dir.resolve("data"));
        SqliteDatabase db = new SqliteDatabase(dir.resolve("caravan.db"));
        store = new SqliteAssetStore(db, Clock.systemUTC());
        notifier = new Notifier(new SqliteOutbox(db), List.of(), Clock.systemUTC(), () -> { });
        outside = Files.createDirectories(dir.resolve("elsewhere"));
        Files.createDirectories(outside.resolve("week"));
        Files.writeString(outside.resolve("week/talk.json"), "{\"title\": \"Somebody else's\"}");
        Files.writeString(outside.resolve("week/talk.en.vtt"), "WEBVTT\n");
        Files.createSymbolicLink(folders.inbox().resolve("course"), outside);
        id = Intake.newId();
        Instant now = Instant.now();
        store.create(Asset.received(id, new SourceFile(VIDEO, 1000, null), now, now));
    }

    @Test
    void companionsBehindALinkedFolderStayWhereTheyAre() throws Exception {
        boolean sidecarMoved = Intake.moveCompanions(folders, new InboxBoundary(folders.inbox()), id, folders.inbox().resolve(VIDEO));

        assertThat(sidecarMoved).isFalse();
        assertThat(folders.sidecar(id)).doesNotExist();
        assertThat(CaptionFiles.kept(folders.captions(id))).isEmpty();
        assertThat(outside.resolve("week/talk.json")).isRegularFile();
        assertThat(outside.resolve("week/talk.en.vtt")).isRegularFile();
    }

    @Test
    void recoveryDoesNotFinishAnIntakeThroughALinkedFolder() throws Exception {
        Files.writeString(outside.resolve("week/talk.mp4"), "somebody else's video");
        Recovery recovery = new Recovery(folders, store, new Intake(folders, store, notifier, Clock.systemUTC()), notifier);

        recovery.reconcile();

        assertThat(recovery.resume()).isEmpty();
        assertThat(folders.source(id)).doesNotExist();
        assertThat(folders.sidecar(id)).doesNotExist();
        assertThat(outside.resolve("week/talk.mp4")).hasContent("somebody else's video");
        assertThat(outside.resolve("week/talk.json")).isRegularFile();
        assertThat(outside.resolve("week/talk.en.vtt")).isRegularFile();
        Asset asset = store.find(id).orElseThrow();
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(asset.getError().code()).isEqualTo(ErrorCode.SOURCE_MISSING.name());
    }

    @Test
    void latePairingDoesNotFollowALinkedFolder() throws Exception {
        store.update(id, a -> a.setStatus(AssetStatus.TRANSCODING));
        MetadataStage metadata = new MetadataStage(folders, store, new SidecarReader(1 << 20),
                new FieldSealer(MasterKeyFile.openOrCreate(dir.resolve("master.key"))));

        new InboxLatePairing(folders, store, metadata, Clock.systemUTC(), 0).pair(id);

        assertThat(store.find(id).orElseThrow().getMetadata()).isNullOrEmpty();
        assertThat(folders.sidecar(id)).doesNotExist();
        assertThat(outside.resolve("week/talk.json")).isRegularFile();
        assertThat(outside.resolve("week/talk.en.vtt")).isRegularFile();
    }
}
