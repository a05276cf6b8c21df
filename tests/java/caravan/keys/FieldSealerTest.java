package caravan.keys;

import caravan.asset.Json;
import caravan.asset.SealedFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldSealerTest {
    @TempDir
    Path dir;
    private Path keyFile;
    private ObjectNode fields;

    @BeforeEach
    void setUp() {
        keyFile = dir.resolve("master-keys.json");
        fields = Json.MAPPER.createObjectNode().put("patientName", "Jane Roe").put("mrn", "MRN-123");
    }

    private FieldSealer sealer() {
        return new FieldSealer(MasterKeyFile.openOrCreate(keyFile));
    }

    /** Flips the last byte of a stored value, keeping its form (bound values start with {@link KeyPurpose#MARK}). */
    private static String flipLastByte(String stored) {
        byte[] b = KeyPurpose.unmarked(stored);
        b[b.length - 1] ^= 0x01;
        return KeyPurpose.isLegacy(stored) ? Base64.getEncoder().encodeToString(b) : KeyPurpose.marked(b);
    }

    @Test
    void sealedFieldsOpenAgain() {
        FieldSealer sealer = sealer();

        SealedFields sealed = sealer.seal("asset-1", fields);
        JsonNode opened = sealer.open("asset-1", sealed);

        assertThat(opened).isEqualTo(fields);
        assertThat(opened.path("patientName").asText()).isEqualTo("Jane Roe");
        assertThat(sealed.keyId()).isEqualTo("k1");
    }

    @Test
    void dataSealedBeforeARestartOpensAfterIt() {
        SealedFields sealed = sealer().seal("asset-1", fields);

        assertThat(sealer().open("asset-1", sealed)).isEqualTo(fields);
    }

    @Test
    void sealedFormContainsNoPlaintext() throws Exception {
        SealedFields sealed = sealer().seal("asset-1", fields);
        String stored = Json.MAPPER.writeValueAsString(sealed);

        for (String s : new String[] {sealed.ciphertext(), sealed.wrappedKey(), sealed.iv(), stored}) {
            assertThat(s).doesNotContain("Jane Roe").doesNotContain("MRN-123")
                    .doesNotContain(Base64.getEncoder().encodeToString("Jane Roe".getBytes(StandardCharsets.UTF_8)))
                    .doesNotContain("SmFuZSBSb2")
                    .doesNotContain(Base64.getEncoder().encodeToString(Json.MAPPER.writeValueAsBytes(fields)));
        }
        assertThat(new String(KeyPurpose.unmarked(sealed.ciphertext()), StandardCharsets.ISO_8859_1))
                .doesNotContain("Jane Roe");
    }

    @Test
    void sealingTwiceGivesDifferentCiphertexts() {
        FieldSealer sealer = sealer();

        SealedFields a = sealer.seal("asset-1", fields);
        SealedFields b = sealer.seal("asset-1", fields);

        assertThat(a.ciphertext()).isNotEqualTo(b.ciphertext());
        assertThat(a.iv()).isNotEqualTo(b.iv());
        assertThat(a.wrappedKey()).isNotEqualTo(b.wrappedKey());
    }

    @Test
    void anotherAssetCannotOpenThem() {
        FieldSealer sealer = sealer();
        SealedFields sealed = sealer.seal("asset-1", fields);

        assertThatThrownBy(() -> sealer.open("asset-2", sealed)).isInstanceOf(KeyException.class);
    }

    @Test
    void tamperedCiphertextIsRefused() {
        FieldSealer sealer = sealer();
        SealedFields sealed = sealer.seal("asset-1", fields);

        SealedFields tampered = new SealedFields(sealed.keyId(), sealed.wrappedKey(), sealed.iv(), flipLastByte(sealed.ciphertext()));
        assertThatThrownBy(() -> sealer.open("asset-1", tampered)).isInstanceOf(KeyException.class);

        SealedFields otherIv = new SealedFields(sealed.keyId(), sealed.wrappedKey(), flipLastByte(sealed.iv()), sealed.ciphertext());
        assertThatThrownBy(() -> sealer.open("asset-1", otherIv)).isInstanceOf(KeyException.class);

        SealedFields otherKey = new SealedFields(sealed.keyId(), flipLastByte(sealed.wrappedKey()), sealed.iv(), sealed.ciphertext());
        assertThatThrownBy(() -> sealer.open("asset-1", otherKey)).isInstanceOf(KeyException.class);
    }

    @Test
    void ciphertextsCannotBeSwappedBetweenAssets() {
        FieldSealer sealer = sealer();
        SealedFields one = sealer.seal("asset-1", fields);
        SealedFields two = sealer.seal("asset-2", Json.MAPPER.createObjectNode().put("mrn", "MRN-999"));

        SealedFields mixed = new SealedFields(one.keyId(), one.wrappedKey(), two.iv(), two.ciphertext());
        assertThatThrownBy(() -> sealer.open("asset-1", mixed)).isInstanceOf(KeyException.class);
    }

    @Test
    void textFormShowsNoKeyMaterial() {
        SealedFields sealed = sealer().seal("asset-1", fields);

        assertThat(sealed.toString()).contains("k1")
                .doesNotContain(sealed.wrappedKey())
                .doesNotContain(sealed.ciphertext())
                .doesNotContain(sealed.iv());
    }
}
