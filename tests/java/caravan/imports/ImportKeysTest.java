package caravan.imports;

import caravan.asset.Json;
import caravan.audit.SqliteAuditLog;
import caravan.database.SqliteDatabase;
import caravan.keys.FieldSealer;
import caravan.keys.KeyException;
import caravan.keys.KeyRotation;
import caravan.keys.MasterKeyFile;
import caravan.store.SqliteAssetStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An import's lines wait with their metadata sealed under the master key version active when it was posted: that
 * version cannot be retired until the lines are fed, so no waiting line's metadata is lost to a key retirement.
 */
class ImportKeysTest {
    @TempDir
    Path dir;

    @Test
    void aVersionSealingWaitingImportLinesIsNotRetiredUntilTheyAreFed() {
        SqliteDatabase db = new SqliteDatabase(dir.resolve("caravan.db"));
        try (SqliteAssetStore store = new SqliteAssetStore(db, Clock.systemUTC())) {
            MasterKeyFile keys = MasterKeyFile.openOrCreate(dir.resolve("master.key"));
            String k1 = keys.activeKeyId();
            ImportSealing sealing = new ImportSealing(new FieldSealer(keys));
            SqliteImports imports = new SqliteImports(db);
            String sealed = sealing.seal("imp1", 2, Json.MAPPER.createObjectNode().put("title", "Lecture").put("sensitive", "MRN-7"));
            imports.create("imp1", 1L, List.of(
                    new ImportItem(0, "imp1", 2, "/lectures/a.mp4", "a", sealed, ItemState.QUEUED, null, null, null, null, null, null),
                    new ImportItem(0, "imp1", 3, "nonsense", null, null, ItemState.REJECTED, null, "SOURCE_UNSUPPORTED", "bad", null, null, null)));
            KeyRotation rotation = new KeyRotation(keys, store, new SqliteAuditLog(db), Clock.systemUTC(), imports);
            rotation.rotate("test");

            assertThat(imports.keysInUse()).containsExactly(java.util.Map.entry(k1, 1));
            assertThatThrownBy(() -> rotation.retire(k1, "test")).isInstanceOf(KeyException.class).hasMessageContaining("1 stored data key");
            assertThat(rotation.retire(null, "test").retired()).as("retiring every unused version leaves it").isEmpty();
            assertThat(sealing.open("imp1", 2, sealed).path("sensitive").asText()).isEqualTo("MRN-7");

            imports.finish(imports.inState(ItemState.QUEUED, 10).get(0), ItemState.READY, "a0000000000000001", null, null, 1.0, 2L);
            assertThat(imports.keysInUse()).isEmpty();
            assertThat(rotation.retire(k1, "test").retired()).containsExactly(k1);
        }
    }
}
