package caravan.keys;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AeadTest {
    private static final byte[] PLAIN = "Jane Roe, MRN-123".getBytes(StandardCharsets.UTF_8);

    @Test
    void roundTripWithTheSameKeyNonceAndAssociatedData() {
        byte[] key = Aead.randomKey();
        byte[] nonce = Aead.nonce();

        byte[] ct = Aead.encrypt(key, nonce, PLAIN, "asset-1");

        assertThat(ct).hasSize(PLAIN.length + 16).isNotEqualTo(PLAIN);
        assertThat(Aead.decrypt(key, nonce, ct, "asset-1")).isEqualTo(PLAIN);
    }

    @Test
    void keysAndNoncesAreRandomAndSized() {
        assertThat(Aead.randomKey()).hasSize(32).isNotEqualTo(Aead.randomKey());
        assertThat(Aead.nonce()).hasSize(12).isNotEqualTo(Aead.nonce());
    }

    @Test
    void wrongAssociatedDataKeyOrTamperingIsAKeyException() {
        byte[] key = Aead.randomKey();
        byte[] nonce = Aead.nonce();
        byte[] ct = Aead.encrypt(key, nonce, PLAIN, "asset-1");

        assertThatThrownBy(() -> Aead.decrypt(key, nonce, ct, "asset-2")).isInstanceOf(KeyException.class);
        assertThatThrownBy(() -> Aead.decrypt(Aead.randomKey(), nonce, ct, "asset-1")).isInstanceOf(KeyException.class);
        byte[] tampered = ct.clone();
        tampered[0] ^= 0x01;
        assertThatThrownBy(() -> Aead.decrypt(key, nonce, tampered, "asset-1")).isInstanceOf(KeyException.class)
                .hasMessageNotContaining("Jane");
    }
}
