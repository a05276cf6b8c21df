package caravan.metadata;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import caravan.database.SqliteDatabase;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.ingest.Intake;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.store.SqliteAssetStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A sidecar whose protected fields cannot be sealed one by one (not JSON, too large, beyond the parser's limits,
 * duplicate keys, not an object) is kept only in encrypted form: nothing of it stays in clear in the data folder, and
 * the operator's command opens it again.
 */
class MetadataStageTest {
    private static final String PHI = "Zebedee Quarrington MRN-5550142";
    private static final int MAX_BYTES = 4096;

    @TempDir
    Path dir;
    private DataFolders folders;
    private SqliteAssetStore store;
    private MetadataStage stage;
    private String id;

    @BeforeEach
    void anAssetInTheWorkFolder() throws IOException {
        folders = DataFolders.create(dir.resolve("data"));
        store = new SqliteAssetStore(new SqliteDatabase(folders.database()), Clock.systemUTC());
        stage = new MetadataStage(folders, store, new SidecarReader(MAX_BYTES),
                new FieldSealer(MasterKeyFile.openOrCreate(folders.root().resolve("master.key"))));
        id = Intake.newId();
        Instant now = Instant.now();
        store.create(Asset.received(id, new SourceFile("case.mp4", 1000, null), now, now));
        Files.createDirectories(folders.workDir(id));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private RejectedInput applied(String sidecar) throws IOException {
        Files.write(folders.sidecar(id), sidecar.getBytes(StandardCharsets.UTF_8));
        RejectedInput e = catchThrowableOfType(RejectedInput.class, () -> stage.apply(id));
        assertThat(e).isNotNull();
        return e;
    }

    private void phiIsNowhereInClear() throws IOException {
        try (Stream<Path> files = Files.walk(folders.root())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString()).doesNotContain(PHI);
            }
        }
    }

    /** The documented way back: {@code OpenSealedSidecar <data folder> <asset id> <sealed file> <output file>}. */
    private byte[] opened() throws Exception {
        Path out = dir.resolve("recovered.json");
        OpenSealedSidecar.main(new String[] {folders.root().toString(), id, folders.sidecar(id).toString(), out.toString()});
        assertThat(Files.getPosixFilePermissions(out)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        byte[] clear = Files.readAllBytes(out);
        Files.delete(out);
        return clear;
    }

    @Test
    void theCallersExternalIdBecomesTheAssetsOwnFieldAndABadOneIsRefusedWithItsCode() throws Exception {
        Files.writeString(folders.sidecar(id), "{\"title\": \"Case\", \"externalId\": \"lms:course-7/lecture-12\"}");

        stage.apply(id);

        Asset asset = store.find(id).orElseThrow();
        assertThat(asset.getExternalId()).isEqualTo("lms:course-7/lecture-12");
        assertThat(asset.getMetadata()).containsEntry("title", "Case").doesNotContainKey("externalId");
        assertThat(store.findByExternalId("lms:course-7/lecture-12")).map(Asset::getId).contains(id);

        assertThat(applied("{\"externalId\": \"line\\nbreak\"}").code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(applied("{\"externalId\": 42}").getMessage()).contains("externalId");
    }

    @Test
    void duplicateSensitiveKeysAreRejectedAndTheSidecarKeptOnlySealed() throws Exception {
        String sidecar = "{\"title\": \"Case\", \"sensitive\": {\"patient\": \"" + PHI + "\"}, \"sensitive\": {\"sealed\": true}}";

        RejectedInput e = applied(sidecar);

        assertThat(e.code()).isEqualTo(ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).contains("duplicate key").contains("encrypted").doesNotContain(PHI);
        phiIsNowhereInClear();
        assertThat(opened()).asString(StandardCharsets.UTF_8).isEqualTo(sidecar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"too large", "too deep", "not json", "not an object"})
    void aSidecarThatCannotBeSealedFieldByFieldIsKeptOnlyInEncryptedForm(String kind) throws Exception {
        String sidecar = switch (kind) {
            case "too large" -> "{\"sensitive\": {\"patient\": \"" + PHI + "\", \"notes\": \"" + "x".repeat(MAX_BYTES) + "\"}}";
            case "too deep" -> "{\"sensitive\": {\"patient\": \"" + PHI + "\", \"n\": " + "[".repeat(1500) + "]".repeat(1500) + "}}";
            case "not json" -> "{\"sensitive\": {\"patient\": \"" + PHI + "\", }";
            default -> "[{\"sensitive\": {\"patient\": \"" + PHI + "\"}}]";
        };

        RejectedInput e = applied(sidecar);

        assertThat(e.code()).isIn(ErrorCode.SIDECAR_TOO_LARGE, ErrorCode.SIDECAR_NOT_JSON, ErrorCode.SIDECAR_INVALID);
        assertThat(e.getMessage()).contains("encrypted").doesNotContain(PHI);
        phiIsNowhereInClear();
        assertThat(opened()).asString(StandardCharsets.UTF_8).isEqualTo(sidecar);
        assertThat(store.find(id).orElseThrow().getSealed()).as("the data key that seals it is stored with the asset").isNotNull();
    }

    @Test
    void aSealedSidecarBroughtBackByARetryFailsAgainUntouched() throws Exception {
        RejectedInput first = applied("{\"sensitive\": {\"patient\": \"" + PHI + "\"}, \"sensitive\": {}}");
        byte[] sealed = Files.readAllBytes(folders.sidecar(id));

        RejectedInput again = catchThrowableOfType(RejectedInput.class, () -> stage.apply(id));

        assertThat(again.code()).isEqualTo(first.code());
        assertThat(again.getMessage()).contains("encrypted");
        assertThat(Files.readAllBytes(folders.sidecar(id))).isEqualTo(sealed);
        assertThat(new String(opened(), StandardCharsets.UTF_8)).contains(PHI);
    }

    @Test
    void aLargeSidecarRoundTripsThroughTheSealedForm() throws Exception {
        StringBuilder big = new StringBuilder("{\"sensitive\": {\"patient\": \"" + PHI + "\"}, \"notes\": [");
        for (int i = 0; i < 40_000; i++) {
            big.append('"').append(i).append("\",");
        }
        String sidecar = big.append("\"end\"]}").toString();

        assertThat(applied(sidecar).code()).isEqualTo(ErrorCode.SIDECAR_TOO_LARGE);

        phiIsNowhereInClear();
        assertThat(opened()).asString(StandardCharsets.UTF_8).isEqualTo(sidecar);
    }

    @Test
    void theSealedFormIsOwnerOnly() throws Exception {
        applied("{\"sensitive\": {\"patient\": \"" + PHI + "\"}, \"sensitive\": {}}");

        assertThat(Files.getPosixFilePermissions(folders.sidecar(id)))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
}
