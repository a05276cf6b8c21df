package caravan.contracts;

import caravan.keys.KeyException;
import caravan.keys.KeyProvider;
import caravan.keys.KeyProvider.DataKey;
import caravan.keys.KeyProvider.Rewrapped;
import caravan.keys.KeyPurpose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link KeyProvider} must do for its callers (content keys, field sealing, key rotation): a data key comes
 * back from its wrapped form only for the asset and the purpose it was made for, failures are {@link KeyException}s
 * that carry no key material, keys wrapped before purposes were bound still open (for their asset only) and
 * {@link KeyProvider#rewrap} brings them to the bound form, and a master key rotation never strands a data key.
 * An implementation test says how to make a provider, a key in the legacy (asset-only) form, and a rotation.
 */
public abstract class KeyProviderContract {

    /** A provider whose master key material lives in (or is named after) {@code dir}. */
    protected abstract KeyProvider newProvider(Path dir) throws Exception;

    /** {@code dataKey} wrapped the way keys were before purposes were bound: associated data = the asset id, no mark. */
    protected abstract Rewrapped legacyWrapped(KeyProvider provider, String assetId, byte[] dataKey) throws Exception;

    /** A new master key version becomes the one that wraps from now on. */
    protected abstract void rotateMasterKey(KeyProvider provider) throws Exception;

    @TempDir
    protected Path dir;
    protected KeyProvider keys;

    @BeforeEach
    void open() throws Exception {
        keys = newProvider(dir);
    }

    @Test
    void aNewDataKeyIs256BitsAndUnwrapsToTheSameBytesInTheBoundForm() {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);

        assertThat(dk.plaintext()).hasSize(32);
        assertThat(dk.keyId()).isNotBlank();
        assertThat(dk.wrapped()).startsWith(KeyPurpose.MARK).doesNotContain(b64(dk.plaintext()));
        assertThat(dk.toString()).doesNotContain(b64(dk.plaintext()));
        assertThat(keys.unwrap(dk.keyId(), dk.wrapped(), "a1", KeyPurpose.CONTENT_KEY)).isEqualTo(dk.plaintext());
    }

    @Test
    void everyDataKeyIsFresh() {
        DataKey one = keys.newDataKey("a1", KeyPurpose.FIELDS_KEY);
        DataKey two = keys.newDataKey("a1", KeyPurpose.FIELDS_KEY);

        assertThat(one.plaintext()).isNotEqualTo(two.plaintext());
        assertThat(one.wrapped()).isNotEqualTo(two.wrapped());
        assertThat(keys.unwrap(two.keyId(), two.wrapped(), "a1", KeyPurpose.FIELDS_KEY)).isEqualTo(two.plaintext());
        assertThat(keys.unwrap(one.keyId(), one.wrapped(), "a1", KeyPurpose.FIELDS_KEY)).isEqualTo(one.plaintext());
    }

    @Test
    void aWrappedKeyDoesNotOpenForAnotherAsset() {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);

        assertRefusedWithoutKeyMaterial(() -> keys.unwrap(dk.keyId(), dk.wrapped(), "a2", KeyPurpose.CONTENT_KEY), dk);
        // an id that merely starts like the right one is another asset too
        assertRefusedWithoutKeyMaterial(() -> keys.unwrap(dk.keyId(), dk.wrapped(), "a10", KeyPurpose.CONTENT_KEY), dk);
    }

    @Test
    void aWrappedKeyDoesNotOpenForAnotherPurpose() {
        DataKey fields = keys.newDataKey("a1", KeyPurpose.FIELDS_KEY);
        DataKey content = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);

        assertRefusedWithoutKeyMaterial(() -> keys.unwrap(fields.keyId(), fields.wrapped(), "a1", KeyPurpose.CONTENT_KEY), fields);
        assertRefusedWithoutKeyMaterial(() -> keys.unwrap(content.keyId(), content.wrapped(), "a1", KeyPurpose.FIELDS_KEY), content);
    }

    @Test
    void anUnknownMasterKeyIdFailsClearly() {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);

        assertRefusedWithoutKeyMaterial(() -> keys.unwrap("no-such-key", dk.wrapped(), "a1", KeyPurpose.CONTENT_KEY), dk);
    }

    @Test
    void aTamperedWrappedKeyIsRefused() {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);
        byte[] blob = KeyPurpose.unmarked(dk.wrapped());
        blob[blob.length - 1] ^= 1;

        assertRefusedWithoutKeyMaterial(() -> keys.unwrap(dk.keyId(), KeyPurpose.marked(blob), "a1", KeyPurpose.CONTENT_KEY), dk);
    }

    @Test
    void aWrappedKeyThatIsNotBase64IsRefusedAsAKeyError() {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);

        assertRefusedWithoutKeyMaterial(() -> keys.unwrap(dk.keyId(), KeyPurpose.MARK + "not base64 at all!", "a1", KeyPurpose.CONTENT_KEY), dk);
    }

    @Test
    void rewrappingAKeyAlreadyInTheCurrentBoundFormChangesNothing() {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.FIELDS_KEY);

        Rewrapped again = keys.rewrap(dk.keyId(), dk.wrapped(), "a1", KeyPurpose.FIELDS_KEY);

        assertThat(again).isEqualTo(new Rewrapped(dk.keyId(), dk.wrapped()));
    }

    @Test
    void aKeyWrappedBeforePurposesWereBoundOpensForItsAssetOnly() throws Exception {
        byte[] dataKey = caravan.keys.Aead.randomKey();
        Rewrapped legacy = legacyWrapped(keys, "a1", dataKey);
        assertThat(KeyPurpose.isLegacy(legacy.wrapped())).isTrue();

        assertThat(keys.unwrap(legacy.keyId(), legacy.wrapped(), "a1", KeyPurpose.FIELDS_KEY)).isEqualTo(dataKey);
        assertThat(keys.unwrap(legacy.keyId(), legacy.wrapped(), "a1", KeyPurpose.CONTENT_KEY)).isEqualTo(dataKey);
        assertThatThrownBy(() -> keys.unwrap(legacy.keyId(), legacy.wrapped(), "a2", KeyPurpose.FIELDS_KEY))
                .isInstanceOf(KeyException.class);
    }

    @Test
    void rewrapBringsALegacyKeyToTheBoundFormForItsPurpose() throws Exception {
        byte[] dataKey = caravan.keys.Aead.randomKey();
        Rewrapped legacy = legacyWrapped(keys, "a1", dataKey);

        Rewrapped bound = keys.rewrap(legacy.keyId(), legacy.wrapped(), "a1", KeyPurpose.FIELDS_KEY);

        assertThat(bound.wrapped()).startsWith(KeyPurpose.MARK);
        assertThat(keys.unwrap(bound.keyId(), bound.wrapped(), "a1", KeyPurpose.FIELDS_KEY)).isEqualTo(dataKey);
        assertThatThrownBy(() -> keys.unwrap(bound.keyId(), bound.wrapped(), "a1", KeyPurpose.CONTENT_KEY))
                .isInstanceOf(KeyException.class);
    }

    @Test
    void afterAMasterKeyRotationEveryDataKeyStillOpensAndRewrapKeepsIt() throws Exception {
        DataKey before = keys.newDataKey("a1", KeyPurpose.CONTENT_KEY);

        rotateMasterKey(keys);
        DataKey after = keys.newDataKey("a2", KeyPurpose.CONTENT_KEY);
        Rewrapped moved = keys.rewrap(before.keyId(), before.wrapped(), "a1", KeyPurpose.CONTENT_KEY);

        assertThat(keys.unwrap(before.keyId(), before.wrapped(), "a1", KeyPurpose.CONTENT_KEY)).isEqualTo(before.plaintext());
        assertThat(keys.unwrap(moved.keyId(), moved.wrapped(), "a1", KeyPurpose.CONTENT_KEY)).isEqualTo(before.plaintext());
        assertThat(keys.unwrap(after.keyId(), after.wrapped(), "a2", KeyPurpose.CONTENT_KEY)).isEqualTo(after.plaintext());
        assertThat(keys.rewrap(after.keyId(), after.wrapped(), "a2", KeyPurpose.CONTENT_KEY))
                .isEqualTo(new Rewrapped(after.keyId(), after.wrapped()));
        assertThat(keys.rewrap(moved.keyId(), moved.wrapped(), "a1", KeyPurpose.CONTENT_KEY))
                .as("a re-wrapped key is current: re-wrapping it again changes nothing").isEqualTo(moved);
    }

    @Test
    void aProviderOpenedAgainOnTheSameMasterKeyOpensEarlierKeys() throws Exception {
        DataKey dk = keys.newDataKey("a1", KeyPurpose.FIELDS_KEY);

        KeyProvider again = newProvider(dir);

        assertThat(again.unwrap(dk.keyId(), dk.wrapped(), "a1", KeyPurpose.FIELDS_KEY)).isEqualTo(dk.plaintext());
    }

    private static void assertRefusedWithoutKeyMaterial(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, DataKey dk) {
        assertThatThrownBy(call).isInstanceOf(KeyException.class)
                .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(b64(dk.plaintext())));
    }

    protected static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
