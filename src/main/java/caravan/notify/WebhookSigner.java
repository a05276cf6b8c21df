package caravan.notify;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;

import java.nio.charset.StandardCharsets;

/**
 * Signs webhook bodies as the Standard Webhooks spec does ({@code webhook-signature: v1,<base64 HMAC-SHA256>}
 * over {@code id.timestamp.body}), using the spec's reference library. The secret may be given in the spec's
 * {@code whsec_<base64>} form or as any other string, whose UTF-8 bytes are then the key.
 */
public final class WebhookSigner {
    private final Webhook webhook;

    public WebhookSigner(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("A webhook secret is required");
        }
        try {
            this.webhook = secret.startsWith("whsec_") ? new Webhook(secret)
                    : new Webhook(secret.getBytes(StandardCharsets.UTF_8));
        } catch (EmptyWebhookSecretException e) {
            throw new IllegalArgumentException("A webhook secret is required", e);
        }
    }

    public String sign(String webhookId, long timestampSeconds, String body) {
        try {
            return webhook.sign(webhookId, timestampSeconds, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("Cannot sign webhook", e);
        }
    }
}
