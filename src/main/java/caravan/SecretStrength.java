package caravan;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Refuses configured secrets too short to resist guessing, naming the setting and never showing the value. The
 * generated ones (32 random bytes, 43 characters) pass. A webhook secret in the Standard Webhooks form
 * ({@code whsec_<base64>}) is measured in the key bytes it decodes to; the spec asks for 24 to 64.
 */
public final class SecretStrength {
    static final int MIN_TOKEN_CHARS = 32;
    static final int MIN_WHSEC_BYTES = 24;
    static final int MIN_PLAIN_SECRET_BYTES = 32;

    private SecretStrength() {
    }

    public static void checkApiToken(String token) {
        if (token.length() < MIN_TOKEN_CHARS) {
            throw new IllegalArgumentException("Setting caravan.api.token (CARAVAN_API_TOKEN) is too short: it must have at least "
                    + MIN_TOKEN_CHARS + " characters (it has " + token.length() + "). Unset it to have one generated.");
        }
    }

    public static void checkWebhookSecret(String secret) {
        String name = "Setting caravan.webhook.secret (CARAVAN_WEBHOOK_SECRET)";
        if (secret.startsWith("whsec_")) {
            byte[] key;
            try {
                key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " starts with whsec_ but the rest is not base64");
            }
            if (key.length < MIN_WHSEC_BYTES) {
                throw new IllegalArgumentException(name + " is too short: a whsec_ secret must decode to at least "
                        + MIN_WHSEC_BYTES + " bytes (it decodes to " + key.length + "). Unset it to have one generated.");
            }
        } else if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_PLAIN_SECRET_BYTES) {
            throw new IllegalArgumentException(name + " is too short: it must be whsec_ with at least " + MIN_WHSEC_BYTES
                    + " base64-encoded bytes, or a string of at least " + MIN_PLAIN_SECRET_BYTES + " bytes. Unset it to have one generated.");
        }
    }
}
