package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.SourceFile;
import caravan.database.SqliteDatabase;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.metadata.MetadataStage;
import caravan.metadata.SidecarReader;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link LatePairing} promises, wherever uploads come from: a video taken without its sidecar, then
 * transcoded, gets the sidecar that arrived in the meantime before it publishes, applied like one paired at intake.
 */
abstract class LatePairingContract {
    static final String VIDEO = "course-a/talk.mp4";

    @TempDir
    Path dir;
    DataFolders folders;
    AssetStore store;
    MetadataStage metadata;
    String id;

    /** The implementation under test, for uploads named relative to the inbox or bucket. */
    abstract LatePairing pairing() throws Exception;

    /** Uploads {@code content} as the sidecar of the video {@code video}, the way a user would, after the video was taken. */
    abstract void uploadSidecar(String video, String content) throws Exception;

    @BeforeEach
    void aVideoTakenWithoutItsSidecar() throws Exception {
        folders = DataFolders.create(dir.resolve("data"));
        store = new SqliteAssetStore(new SqliteDatabase(dir.resolve("caravan.db")), Clock.systemUTC());
        metadata = new MetadataStage(folders, store, new SidecarReader(1 << 20),
                new FieldSealer(MasterKeyFile.openOrCreate(dir.resolve("master.key"))));
        id = Intake.newId();
        Instant now = Instant.now();
        store.create(Asset.received(id, new SourceFile(VIDEO, 1000, null), now, now));
        store.update(id, a -> a.setStatus(AssetStatus.TRANSCODING));
        Files.createDirectories(folders.workDir(id));
        Files.writeString(folders.source(id), "the video, already taken");
    }

    @Test
    void aSidecarThatArrivedDuringTheTranscodeIsApplied() throws Exception {
        uploadSidecar(VIDEO, "{\"title\": \"Arrived late\", \"tags\": [\"cardio\"]}");

        pairing().pair(id);

        Asset asset = store.find(id).orElseThrow();
        assertThat(asset.getMetadata()).containsEntry("title", "Arrived late");
        assertThat(folders.sidecar(id)).isRegularFile();
    }

    @Test
    void withoutASidecarNothingChanges() throws Exception {
        pairing().pair(id);

        assertThat(store.find(id).orElseThrow().getMetadata()).isNullOrEmpty();
        assertThat(folders.sidecar(id)).doesNotExist();
    }

    @Test
    void aSidecarPairedAtIntakeIsNeverReplaced() throws Exception {
        Files.writeString(folders.sidecar(id), "{\"title\": \"Paired at intake\"}");
        metadata.apply(id);
        uploadSidecar(VIDEO, "{\"title\": \"A second one\"}");

        pairing().pair(id);

        assertThat(store.find(id).orElseThrow().getMetadata()).containsEntry("title", "Paired at intake");
        assertThat(Files.readString(folders.sidecar(id))).contains("Paired at intake");
    }

    @Test
    void aSidecarForAnotherVideoIsNotPaired() throws Exception {
        uploadSidecar("course-b/talk.mp4", "{\"title\": \"Not this one\"}");

        pairing().pair(id);

        assertThat(store.find(id).orElseThrow().getMetadata()).isNullOrEmpty();
    }

    @Test
    void aLateSidecarThatIsNotJsonFailsTheAssetWithItsCode() throws Exception {
        uploadSidecar(VIDEO, "{title: oops");

        assertThatThrownBy(() -> pairing().pair(id)).isInstanceOf(RejectedInput.class)
                .satisfies(e -> assertThat(((RejectedInput) e).code()).isEqualTo(ErrorCode.SIDECAR_NOT_JSON));
    }

    @Test
    void protectedFieldsOfALateSidecarAreSealedAndKeptNowhereInClear() throws Exception {
        uploadSidecar(VIDEO, "{\"title\": \"Case review\", \"sensitive\": {\"mrn\": \"MRN-0042-SECRET\"}}");

        pairing().pair(id);

        Asset asset = store.find(id).orElseThrow();
        assertThat(asset.getSealed()).isNotNull();
        assertThat(Files.readString(folders.sidecar(id))).doesNotContain("MRN-0042-SECRET");
        assertThat(asset.getMetadata()).containsEntry("title", "Case review").doesNotContainKey("sensitive");
    }
}
