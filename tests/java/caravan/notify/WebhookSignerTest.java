package caravan.notify;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSignerTest {
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final String SPEC_BODY = "{\"test\": 2432232314}";

    private static String hmac(byte[] key, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void matchesTheStandardWebhooksTestVector() {
        assertThat(new WebhookSigner(SPEC_SECRET).sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void whsecSecretKeyIsTheBase64DecodedPart() throws Exception {
        byte[] key = Base64.getDecoder().decode(SPEC_SECRET.substring("whsec_".length()));

        assertThat(new WebhookSigner(SPEC_SECRET).sign("evt_1", 1700000000L, "{\"a\":1}"))
                .isEqualTo(hmac(key, "evt_1.1700000000.{\"a\":1}"));
    }

    @Test
    void plainSecretSignsWithItsUtf8Bytes() throws Exception {
        String secret = "correct horse battery staple – ünïcode";
        String body = "{\"type\":\"asset.ready\",\"assetId\":\"a1\"}";

        String signature = new WebhookSigner(secret).sign("evt_42", 1700000000L, body);

        assertThat(signature).isEqualTo(hmac(secret.getBytes(StandardCharsets.UTF_8), "evt_42.1700000000." + body));
    }

    @Test
    void anyChangeToIdTimestampOrBodyChangesTheSignature() {
        WebhookSigner signer = new WebhookSigner(SPEC_SECRET);
        String original = signer.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY);

        assertThat(signer.sign(SPEC_ID, SPEC_TIMESTAMP, "{\"test\": 2432232315}")).isNotEqualTo(original);
        assertThat(signer.sign(SPEC_ID, SPEC_TIMESTAMP + 1, SPEC_BODY)).isNotEqualTo(original);
        assertThat(signer.sign("msg_other", SPEC_TIMESTAMP, SPEC_BODY)).isNotEqualTo(original);
        assertThat(signer.sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY)).as("deterministic").isEqualTo(original);
    }

    @Test
    void differentSecretsGiveDifferentSignatures() {
        assertThat(new WebhookSigner("secret-one").sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY))
                .isNotEqualTo(new WebhookSigner("secret-two").sign(SPEC_ID, SPEC_TIMESTAMP, SPEC_BODY));
    }

    @Test
    void blankSecretIsRejected() {
        assertThatThrownBy(() -> new WebhookSigner("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSigner("   ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WebhookSigner(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
