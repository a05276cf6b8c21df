package caravan.delivery;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The W3C ClearKey licence exchange and the signalling the manifests carry, without a server. */
class ClearKeySystemTest {
    private static final byte[] KID = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");
    private static final byte[] KEY = HexFormat.of().parseHex("fedcba9876543210fedcba9876543210");
    private final ClearKeySystem clearKey = new ClearKeySystem();

    private static String request(byte[] kid) {
        return "{\"kids\":[\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(kid) + "\"],\"type\":\"temporary\"}";
    }

    @Test
    void answersTheAssetsKeyForItsKidInBase64UrlWithoutPadding() throws Exception {
        KeySystem.Licence licence = clearKey.licence(request(KID).getBytes(StandardCharsets.UTF_8), KID, KEY);
        assertThat(licence.contentType()).isEqualTo("application/json");
        String body = new String(licence.body(), StandardCharsets.UTF_8);
        assertThat(body).doesNotContain("=").doesNotContain("+").doesNotContain("/");
        JsonNode keys = Json.MAPPER.readTree(body).path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).path("kty").asText()).isEqualTo("oct");
        assertThat(Base64.getUrlDecoder().decode(keys.get(0).path("kid").asText())).isEqualTo(KID);
        assertThat(Base64.getUrlDecoder().decode(keys.get(0).path("k").asText())).isEqualTo(KEY);
    }

    @Test
    void anotherKidGetsNoKey() throws Exception {
        byte[] other = KID.clone();
        other[0] ^= 1;
        String body = new String(clearKey.licence(request(other).getBytes(StandardCharsets.UTF_8), KID, KEY).body(), StandardCharsets.UTF_8);
        assertThat(Json.MAPPER.readTree(body).path("keys")).isEmpty();
        assertThat(body).doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(KEY));
    }

    @Test
    void malformedRequestsAreRefusedWithASentence() {
        for (String bad : new String[]{"not json", "{}", "{\"kids\":[]}", "{\"kids\":[\"***\"]}", "{\"kids\":[\"AA\"],\"type\":\"persistent-license\"}"}) {
            assertThatThrownBy(() -> clearKey.licence(bad.getBytes(StandardCharsets.UTF_8), KID, KEY))
                    .as(bad).isInstanceOf(KeySystem.BadLicenceRequest.class).hasMessageContaining("licence");
        }
    }

    @Test
    void theManifestsNameTheKeySystemAndTheKid() {
        assertThat(clearKey.hlsKey(KID, "/keys/a/clearkey")).isEqualTo("#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT=\"org.w3.clearkey\","
                + "KEYFORMATVERSIONS=\"1\",URI=\"data:text/plain;base64," + Base64.getEncoder().encodeToString(KID) + "\"");
        assertThat(clearKey.mpdContentProtection("/keys/a/clearkey?x=1&y=2")).contains(
                "schemeIdUri=\"urn:uuid:e2719d58-a985-b3c9-781a-b030af78d30e\"", "<dashif:Laurl>/keys/a/clearkey?x=1&amp;y=2</dashif:Laurl>");
    }
}
