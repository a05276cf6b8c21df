package caravan.notify;

import caravan.keys.SecretFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The generated webhook signing secret ({@code data/webhook-secret}), used when {@code caravan.webhook.secret} is not
 * set. A new one is in the Standard Webhooks form, {@code whsec_<base64 of 32 random bytes>}, so a receiver can paste
 * it into any Standard Webhooks library's string constructor. A file written by an older Caravan (plain URL-safe base64,
 * no prefix) is kept as it is: {@link WebhookSigner} goes on signing with its UTF-8 bytes, as before.
 */
public final class WebhookSecretFile {
    static final String PREFIX = "whsec_";
    private static final int KEY_BYTES = 32;

    private WebhookSecretFile() {
    }

    /** The secret in {@code file}, or a new {@code whsec_} one written there first (owner-only, durably). */
    public static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            SecretFiles.writeOwnerOnly(file, newSecret().getBytes(StandardCharsets.US_ASCII));
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    /** {@code whsec_} and the standard base64 of 32 random bytes. */
    public static String newSecret() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** True for a secret an older Caravan generated (or an operator set) without the {@code whsec_} prefix. */
    public static boolean isOldStyle(String secret) {
        return !secret.startsWith(PREFIX);
    }
}
