package caravan.notify;

import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.WebhookReceiver;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A receiver pastes the generated {@code data/webhook-secret} into the Standard Webhooks reference library's string
 * constructor and verifies what Caravan really delivered; a data folder with an older, prefix-less secret keeps working.
 */
@Pipeline
class StandardWebhookSecretTest {
    @TempDir
    Path dir;

    @Test
    void theGeneratedSecretVerifiesADeliveredWebhookWithTheReferenceLibrarysStringConstructor() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
             CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.webhook.urls", receiver.url()))) {
            String fileContent = Files.readString(app.data().resolve("webhook-secret"));
            assertThat(fileContent).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(fileContent.trim().substring("whsec_".length()))).hasSize(32);

            app.dropText("not-a-video.mp4", "this is text, not a video");
            WebhookReceiver.Received delivered = awaitFirst(receiver);

            new Webhook(fileContent.trim()).verify(delivered.body(), lowerCased(delivered.headers()));
            assertThatThrownBy(() -> new Webhook(fileContent.trim()).verify(delivered.body() + " ", lowerCased(delivered.headers())))
                    .as("a changed body does not verify").isInstanceOf(WebhookVerificationException.class);
        }
    }

    @Test
    void anOldStyleSecretFileIsKeptAndSignsWithItsTextAsBefore() throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        String old = "Qk9nZ2dfcGxhaW5fYmFzZTY0dXJsX3NlY3JldF8zMmI";
        Files.writeString(data.resolve("webhook-secret"), old + "\n");
        try (WebhookReceiver receiver = new WebhookReceiver();
             CaravanApp app = CaravanApp.start(data, Map.of("caravan.webhook.urls", receiver.url()))) {
            app.dropText("old-secret.mp4", "still not a video");
            WebhookReceiver.Received delivered = awaitFirst(receiver);

            assertThat(Files.readString(data.resolve("webhook-secret")).trim()).as("never replaced").isEqualTo(old);
            new Webhook(old.getBytes(StandardCharsets.UTF_8)).verify(delivered.body(), lowerCased(delivered.headers()));
        }
    }

    private static WebhookReceiver.Received awaitFirst(WebhookReceiver receiver) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<WebhookReceiver.Received> got = receiver.received();
            if (!got.isEmpty()) {
                return got.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no webhook delivered");
    }

    private static Map<String, List<String>> lowerCased(Map<String, List<String>> headers) {
        return headers.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue, (a, b) -> a));
    }
}
