package caravan.keys;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.SourceFile;
import caravan.audit.SqliteAuditLog;
import caravan.database.SqliteDatabase;
import caravan.delivery.ContentKeys;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Master key rotation against the real database: a crash between writing the key file and committing the re-wrap
 * (here: the database refuses the second write) loses nothing, the old file is kept as an owner-only backup until the
 * re-wrap commits, and retiring removes only versions that nothing stored uses.
 */
class KeyRotationTest {
    private static final Set<PosixFilePermission> OWNER_ONLY = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    @TempDir
    Path dir;
    private Path keyFile;
    private SqliteDatabase db;
    private SqliteAssetStore store;
    private final Map<String, String> mrnOf = new HashMap<>();
    private final Map<String, byte[]> contentKeyOf = new HashMap<>();

    @BeforeEach
    void threeAssetsWithSealedFieldsAndContentKeys() {
        keyFile = dir.resolve("master.key");
        db = new SqliteDatabase(dir.resolve("caravan.db"));
        store = new SqliteAssetStore(db, Clock.systemUTC());
        MasterKeyFile keys = MasterKeyFile.openOrCreate(keyFile);
        FieldSealer sealer = new FieldSealer(keys);
        ContentKeys contentKeys = new ContentKeys(store, keys);
        for (int i = 1; i <= 3; i++) {
            String id = "a00000000000000" + i;
            Instant now = Instant.now();
            store.create(Asset.received(id, new SourceFile("talk-" + i + ".mp4", 1000, null), now, now));
            String mrn = "MRN-00" + i;
            store.update(id, a -> a.setSealed(sealer.seal(id, Json.MAPPER.createObjectNode().put("mrn", mrn))));
            store.update(id, a -> a.setStatus(AssetStatus.READY));
            mrnOf.put(id, mrn);
            contentKeyOf.put(id, contentKeys.contentKey(id));
        }
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Opens every asset's sealed fields and content key with a key file read afresh from disk, as after a restart. */
    private void everythingOpensFromTheFileOnDisk() {
        MasterKeyFile reopened = MasterKeyFile.openOrCreate(keyFile);
        FieldSealer sealer = new FieldSealer(reopened);
        ContentKeys contentKeys = new ContentKeys(store, reopened);
        for (String id : mrnOf.keySet()) {
            Asset a = store.find(id).orElseThrow();
            assertThat(sealer.open(id, a.getSealed()).path("mrn").asText()).as(id).isEqualTo(mrnOf.get(id));
            assertThat(contentKeys.existingContentKey(a)).as(id).isEqualTo(contentKeyOf.get(id));
        }
    }

    @Test
    void aCrashBetweenTheKeyFileAndTheRewrapLosesNothing() throws Exception {
        MasterKeyFile keys = MasterKeyFile.openOrCreate(keyFile);
        byte[] before = Files.readAllBytes(keyFile);
        KeyRotation rotation = new KeyRotation(keys, new FailingAfter(store, 1), new SqliteAuditLog(db), Clock.systemUTC());

        assertThatThrownBy(() -> rotation.rotate("test")).hasMessageContaining("simulated crash");

        Path backup = dir.resolve("master.key.bak");
        assertThat(backup).as("the previous key file is kept until the re-wrap commits").exists();
        assertThat(Files.readAllBytes(backup)).isEqualTo(before);
        assertThat(Files.getPosixFilePermissions(backup)).isEqualTo(OWNER_ONLY);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(OWNER_ONLY);
        assertThat(Json.MAPPER.readTree(keyFile.toFile()).path("keys").size()).isEqualTo(2);
        assertThat(store.list(10, null)).extracting(a -> a.getSealed().keyId()).as("one asset re-wrapped before the crash")
                .containsExactlyInAnyOrder("k1", "k1", "k2");
        everythingOpensFromTheFileOnDisk();

        KeyRotation.Result again = new KeyRotation(MasterKeyFile.openOrCreate(keyFile), store, new SqliteAuditLog(db), Clock.systemUTC()).rotate("test");

        assertThat(again.activeKeyId()).isEqualTo("k3");
        assertThat(store.list(10, null)).allSatisfy(a -> {
            assertThat(a.getSealed().keyId()).isEqualTo("k3");
            assertThat(a.getContentKey().keyId()).isEqualTo("k3");
        });
        assertThat(backup).as("removed once the re-wrap committed").doesNotExist();
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
        everythingOpensFromTheFileOnDisk();
    }

    @Test
    void aKeyFileThatCannotBeWrittenChangesNothing() throws Exception {
        MasterKeyFile keys = MasterKeyFile.openOrCreate(keyFile);
        byte[] before = Files.readAllBytes(keyFile);
        KeyRotation rotation = new KeyRotation(keys, store, new SqliteAuditLog(db), Clock.systemUTC());
        Files.createDirectories(dir.resolve("master.key.tmp").resolve("in-the-way")); // the temporary file cannot be made

        assertThatThrownBy(() -> rotation.rotate("test")).isInstanceOf(KeyException.class);

        assertThat(keys.activeKeyId()).isEqualTo("k1");
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(before);
        assertThat(store.list(10, null)).allSatisfy(a -> assertThat(a.getSealed().keyId()).isEqualTo("k1"));
        everythingOpensFromTheFileOnDisk();
    }

    @Test
    void aMissingKeyFileBesideABackupIsNeverReplacedByAFreshKey() throws Exception {
        byte[] original = Files.readAllBytes(keyFile);
        Files.move(keyFile, dir.resolve("master.key.bak"));

        assertThatThrownBy(() -> MasterKeyFile.openOrCreate(keyFile)).isInstanceOf(KeyException.class)
                .hasMessageContaining("master.key.bak");

        assertThat(keyFile).doesNotExist();
        assertThat(Files.readAllBytes(dir.resolve("master.key.bak"))).isEqualTo(original);
    }

    @Test
    void retiringRemovesOnlyVersionsNothingUses() throws Exception {
        MasterKeyFile keys = MasterKeyFile.openOrCreate(keyFile);
        KeyRotation rotation = new KeyRotation(keys, store, new SqliteAuditLog(db), Clock.systemUTC());
        rotation.rotate("test"); // everything on k2
        String leftBehind = "a000000000000001";
        Asset old = store.find(leftBehind).orElseThrow();
        keys.rotate(); // k3 active, nothing re-wrapped yet: every asset still uses k2

        assertThatThrownBy(() -> rotation.retire("k2", "test")).isInstanceOf(KeyException.class).hasMessageContaining("6 stored data key");
        assertThatThrownBy(() -> rotation.retire("k3", "test")).isInstanceOf(KeyException.class).hasMessageContaining("active");
        assertThatThrownBy(() -> rotation.retire("k9", "test")).isInstanceOf(KeyException.class).hasMessageContaining("k9");
        KeyRotation.Retired retired = rotation.retire(null, "test");

        assertThat(retired.retired()).containsExactly("k1");
        assertThat(retired.inUse()).containsEntry("k2", 6); // sealed fields and content key of each asset
        assertThat(Json.MAPPER.readTree(keyFile.toFile()).path("keys").fieldNames()).toIterable().containsExactlyInAnyOrder("k2", "k3");
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(OWNER_ONLY);
        everythingOpensFromTheFileOnDisk();

        rotation.rotate("test"); // k4, everything moves off k2 and k3
        assertThat(rotation.retire("k2", "test").retired()).containsExactly("k2");
        assertThat(rotation.retire(null, "test").retired()).containsExactly("k3");
        assertThat(Json.MAPPER.readTree(keyFile.toFile()).path("keys").fieldNames()).toIterable().containsExactly("k4");
        everythingOpensFromTheFileOnDisk();
        assertThatThrownBy(() -> new FieldSealer(MasterKeyFile.openOrCreate(keyFile)).open(leftBehind, old.getSealed()))
                .as("a copy wrapped by a retired version no longer opens").isInstanceOf(KeyException.class);
    }

    /** The real store, with every write after the first {@code allowed} ones failing like a crash would stop them. */
    private static final class FailingAfter implements AssetStore {
        private final AssetStore real;
        private int allowed;

        FailingAfter(AssetStore real, int allowed) {
            this.real = real;
            this.allowed = allowed;
        }

        @Override
        public Asset update(String id, Consumer<Asset> change) {
            if (allowed-- <= 0) {
                throw new IllegalStateException("simulated crash before the write committed");
            }
            return real.update(id, change);
        }

        @Override public void create(Asset asset) { real.create(asset); }
        @Override public Optional<Asset> find(String id) { return real.find(id); }
        @Override public List<Asset> query(caravan.store.AssetQuery q) { return real.query(q); }
        @Override public List<Asset> findByStatus(Set<AssetStatus> statuses) { return real.findByStatus(statuses); }
        @Override public List<Asset> findEnded(java.time.Instant from, java.time.Instant to) { return real.findEnded(from, to); }
        @Override public Optional<Asset> findBySha256(String sha256, String exceptId, Set<AssetStatus> statuses) {
            return real.findBySha256(sha256, exceptId, statuses);
        }
        @Override public Optional<Asset> findByExternalId(String externalId) {
            return real.findByExternalId(externalId);
        }
        @Override public void close() { }
    }
}
