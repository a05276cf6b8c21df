package caravan.keys;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MasterKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyKeyFileWithOneActive256BitKey() throws Exception {
        Path file = dir.resolve("keys/master-keys.json");

        MasterKeyFile keys = MasterKeyFile.openOrCreate(file);

        assertThat(file).isRegularFile();
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        JsonNode doc = Json.MAPPER.readTree(file.toFile());
        assertThat(doc.path("active").asText()).isEqualTo("k1").isEqualTo(keys.activeKeyId());
        assertThat(Base64.getDecoder().decode(doc.path("keys").path("k1").asText())).hasSize(32);
        assertThat(dir.resolve("keys")).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void reopeningKeepsTheSameKey() {
        Path file = dir.resolve("master-keys.json");
        KeyProvider.DataKey key = MasterKeyFile.openOrCreate(file).newDataKey("asset-1", KeyPurpose.CONTENT_KEY);

        byte[] unwrapped = MasterKeyFile.openOrCreate(file).unwrap(key.keyId(), key.wrapped(), "asset-1", KeyPurpose.CONTENT_KEY);

        assertThat(unwrapped).isEqualTo(key.plaintext());
    }

    @Test
    void aDifferentKeyFileCannotUnwrap() {
        KeyProvider.DataKey key = MasterKeyFile.openOrCreate(dir.resolve("one.json")).newDataKey("asset-1", KeyPurpose.CONTENT_KEY);
        MasterKeyFile other = MasterKeyFile.openOrCreate(dir.resolve("two.json"));

        assertThatThrownBy(() -> other.unwrap(key.keyId(), key.wrapped(), "asset-1", KeyPurpose.CONTENT_KEY)).isInstanceOf(KeyException.class);
    }

    @Test
    void wrappedKeyIsBoundToItsAsset() {
        MasterKeyFile keys = MasterKeyFile.openOrCreate(dir.resolve("k.json"));
        KeyProvider.DataKey key = keys.newDataKey("asset-1", KeyPurpose.CONTENT_KEY);

        assertThatThrownBy(() -> keys.unwrap(key.keyId(), key.wrapped(), "asset-2", KeyPurpose.CONTENT_KEY)).isInstanceOf(KeyException.class);
    }

    @Test
    void unknownKeyIdIsAKeyException() {
        MasterKeyFile keys = MasterKeyFile.openOrCreate(dir.resolve("k.json"));
        KeyProvider.DataKey key = keys.newDataKey("asset-1", KeyPurpose.CONTENT_KEY);

        assertThatThrownBy(() -> keys.unwrap("k2", key.wrapped(), "asset-1", KeyPurpose.CONTENT_KEY))
                .isInstanceOf(KeyException.class).hasMessageContaining("k2");
    }

    @Test
    void dataKeysAreFreshAndTheirTextHidesKeyMaterial() {
        MasterKeyFile keys = MasterKeyFile.openOrCreate(dir.resolve("k.json"));
        KeyProvider.DataKey a = keys.newDataKey("asset-1", KeyPurpose.CONTENT_KEY);
        KeyProvider.DataKey b = keys.newDataKey("asset-1", KeyPurpose.CONTENT_KEY);

        assertThat(a.plaintext()).hasSize(32).isNotEqualTo(b.plaintext());
        assertThat(a.wrapped()).isNotEqualTo(b.wrapped());
        assertThat(a.toString()).contains("k1")
                .doesNotContain(a.wrapped())
                .doesNotContain(Base64.getEncoder().encodeToString(a.plaintext()))
                .doesNotContain(java.util.HexFormat.of().formatHex(a.plaintext()))
                .doesNotContain(java.util.Arrays.toString(a.plaintext()));
    }

    @Test
    void damagedKeyFileIsRejectedWithoutShowingItsContent() throws Exception {
        Path file = dir.resolve("k.json");
        Files.writeString(file, "{\"active\": \"k1\", \"keys\": {\"k1\": \"c2hvcnQ=\"}}");

        assertThatThrownBy(() -> MasterKeyFile.openOrCreate(file))
                .isInstanceOf(KeyException.class).hasMessageNotContaining("c2hvcnQ=");

        Files.writeString(file, "{\"active\": \"k9\", \"keys\": {}}");
        assertThatThrownBy(() -> MasterKeyFile.openOrCreate(file)).isInstanceOf(KeyException.class);

        Files.writeString(file, "not json");
        assertThatThrownBy(() -> MasterKeyFile.openOrCreate(file)).isInstanceOf(KeyException.class);
    }
}
