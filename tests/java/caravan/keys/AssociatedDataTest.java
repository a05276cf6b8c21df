package caravan.keys;

import caravan.asset.Asset;
import caravan.asset.Json;
import caravan.asset.SealedFields;
import caravan.asset.SourceFile;
import caravan.asset.WrappedKey;
import caravan.database.SqliteDatabase;
import caravan.delivery.ContentKeys;
import caravan.store.SqliteAssetStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What each ciphertext is bound to: its purpose, its asset and (for a sealed value) its field. A value cannot be
 * moved into another field or another kind of slot; data written before the binding existed still opens.
 */
class AssociatedDataTest {
    private static final String ID = "a0123456789abcdef";
    @TempDir
    Path dir;
    private MasterKeyFile keys;
    private FieldSealer sealer;
    private SqliteAssetStore store;
    private ObjectNode fields;

    @BeforeEach
    void setUp() {
        keys = MasterKeyFile.openOrCreate(dir.resolve("master.key"));
        sealer = new FieldSealer(keys);
        store = new SqliteAssetStore(new SqliteDatabase(dir.resolve("caravan.db")), Clock.systemUTC());
        Instant now = Instant.now();
        store.create(Asset.received(ID, new SourceFile("talk.mp4", 1000, null), now, now));
        fields = Json.MAPPER.createObjectNode().put("mrn", "MRN-123");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aValueSealedForOneFieldDoesNotOpenAsAnother() {
        SealedFields sealed = sealer.seal(ID, "sensitive", fields);

        assertThat(sealer.open(ID, "sensitive", sealed)).isEqualTo(fields);
        assertThatThrownBy(() -> sealer.open(ID, "notes", sealed)).isInstanceOf(KeyException.class);
    }

    @Test
    void theSealedFieldsDataKeyCannotServeAsTheContentKey() {
        SealedFields sealed = sealer.seal(ID, fields);
        store.update(ID, a -> a.setContentKey(new WrappedKey(sealed.keyId(), sealed.wrappedKey())));
        Asset swapped = store.find(ID).orElseThrow();

        assertThatThrownBy(() -> new ContentKeys(store, keys).existingContentKey(swapped)).isInstanceOf(KeyException.class);
    }

    @Test
    void aContentDataKeyCannotServeAsTheSealedFieldsKey() {
        new ContentKeys(store, keys).contentKey(ID);
        WrappedKey content = store.find(ID).orElseThrow().getContentKey();
        SealedFields sealed = sealer.seal(ID, fields);

        SealedFields swapped = new SealedFields(content.keyId(), content.wrapped(), sealed.iv(), sealed.ciphertext());
        assertThatThrownBy(() -> sealer.open(ID, swapped)).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> keys.unwrap(content.keyId(), content.wrapped(), ID, KeyPurpose.FIELDS_KEY))
                .isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> keys.unwrap(sealed.keyId(), sealed.wrappedKey(), ID, KeyPurpose.CONTENT_KEY))
                .isInstanceOf(KeyException.class);
    }

    @Test
    void dataSealedWithTheOldAssetIdBindingStillOpens() throws Exception {
        byte[] master = Base64.getDecoder().decode(Json.MAPPER.readTree(dir.resolve("master.key").toFile()).path("keys").path("k1").asText());
        byte[] dataKey = Aead.randomKey();
        byte[] wrapNonce = Aead.nonce();
        byte[] wrapped = Aead.encrypt(master, wrapNonce, dataKey, ID); // the scheme before: associated data = asset id
        String oldWrapped = Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + wrapped.length).put(wrapNonce).put(wrapped).array());
        byte[] iv = Aead.nonce();
        String oldCiphertext = Base64.getEncoder().encodeToString(Aead.encrypt(dataKey, iv, Json.MAPPER.writeValueAsBytes(fields), ID));
        SealedFields old = new SealedFields("k1", oldWrapped, Base64.getEncoder().encodeToString(iv), oldCiphertext);

        assertThat(sealer.open(ID, old)).isEqualTo(fields);
        assertThat(keys.unwrap("k1", oldWrapped, ID, KeyPurpose.CONTENT_KEY)).as("an old content key too").isEqualTo(dataKey);
        assertThatThrownBy(() -> sealer.open("a-other-asset", old)).isInstanceOf(KeyException.class);
    }

    @Test
    void newDataCannotBePassedOffAsOldToSkipTheBinding() {
        SealedFields sealed = sealer.seal(ID, fields);
        assertThat(sealed.wrappedKey()).startsWith("v1:");
        assertThat(sealed.ciphertext()).startsWith("v1:");

        SealedFields unmarked = new SealedFields(sealed.keyId(), sealed.wrappedKey().substring(3), sealed.iv(), sealed.ciphertext().substring(3));
        assertThatThrownBy(() -> sealer.open(ID, unmarked)).isInstanceOf(KeyException.class);
    }

    @Test
    void rotationUpgradesOldDataToTheBoundForm() throws Exception {
        byte[] master = Base64.getDecoder().decode(Json.MAPPER.readTree(dir.resolve("master.key").toFile()).path("keys").path("k1").asText());
        byte[] dataKey = Aead.randomKey();
        byte[] wrapNonce = Aead.nonce();
        byte[] wrapped = Aead.encrypt(master, wrapNonce, dataKey, ID);
        String oldWrapped = Base64.getEncoder().encodeToString(ByteBuffer.allocate(12 + wrapped.length).put(wrapNonce).put(wrapped).array());
        byte[] iv = Aead.nonce();
        String oldCiphertext = Base64.getEncoder().encodeToString(Aead.encrypt(dataKey, iv, Json.MAPPER.writeValueAsBytes(fields), ID));
        store.update(ID, a -> {
            a.setSealed(new SealedFields("k1", oldWrapped, Base64.getEncoder().encodeToString(iv), oldCiphertext));
            a.setContentKey(new WrappedKey("k1", oldWrapped));
        });

        new KeyRotation(keys, store, new caravan.audit.SqliteAuditLog(new SqliteDatabase(dir.resolve("audit.db"))), Clock.systemUTC()).rotate("test");

        Asset upgraded = store.find(ID).orElseThrow();
        assertThat(upgraded.getSealed().wrappedKey()).startsWith("v1:");
        assertThat(upgraded.getSealed().ciphertext()).startsWith("v1:");
        assertThat(upgraded.getContentKey().wrapped()).startsWith("v1:");
        assertThat(sealer.open(ID, upgraded.getSealed())).isEqualTo(fields);
        assertThat(keys.unwrap(upgraded.getContentKey().keyId(), upgraded.getContentKey().wrapped(), ID, KeyPurpose.CONTENT_KEY)).isEqualTo(dataKey);
    }
}
