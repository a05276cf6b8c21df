package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.notify.Outbox;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A flaky receiver gets the event after redeliveries, under the same webhook-id; a dead one never holds up the asset. */
@Pipeline
class WebhookDeliveryTest {
    @TempDir
    Path dir;

    @Test
    void failingReceiversAreRetriedAndNeverBlockThePipeline() throws Exception {
        String dead = "http://127.0.0.1:" + CaravanApp.freePort() + "/nobody-listens";
        try (WebhookReceiver flaky = new WebhookReceiver();
             CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of(
                     "caravan.webhook.urls", flaky.url() + "," + dead,
                     "caravan.webhook.delayMillis", "200",
                     "caravan.webhook.retryBaseMillis", "300"))) {
            flaky.failNext(4);
            app.drop(TestClips.variant(TestClips.audioOnly(), "hooks"), "hooks.m4a");
            Asset asset = app.awaitOutcome("hooks.m4a", Duration.ofSeconds(60));
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);

            List<WebhookReceiver.Received> ready = awaitAccepted(flaky, asset.getId(), "asset.ready");
            String id = ready.get(0).header("webhook-id");
            List<String> idsOfAllReadyAttempts = flaky.received().stream()
                    .filter(r -> r.body().contains("\"asset.ready\"")).map(r -> r.header("webhook-id")).distinct().toList();
            assertThat(idsOfAllReadyAttempts).containsExactly(id);
            assertThat(flaky.received().stream().filter(r -> r.answeredWith() == 500)).hasSize(4);

            List<Outbox.Delivery> toDead = deliveries(app, asset.getId(), dead);
            assertThat(toDead).isNotEmpty().allSatisfy(d -> {
                assertThat(d.state()).as("never delivered, waiting, being retried or given up").isIn("PENDING", "SENDING", "FAILED");
                assertThat(d.lastError()).isEqualTo("HttpHostConnectException");
            });
        }
    }

    private static List<Outbox.Delivery> deliveries(CaravanApp app, String assetId, String url) throws InterruptedException {
        Outbox outbox = app.outbox();
        for (int i = 0; i < 100; i++) {
            List<Outbox.Delivery> tried = outbox.deliveries(assetId).stream()
                    .filter(d -> d.url().equals(url) && d.attempts() > 0).toList();
            if (!tried.isEmpty()) {
                return tried;
            }
            Thread.sleep(100);
        }
        return List.of();
    }

    private static List<WebhookReceiver.Received> awaitAccepted(WebhookReceiver r, String assetId, String type) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            List<WebhookReceiver.Received> got = r.accepted(assetId, type);
            if (!got.isEmpty()) {
                return got;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never delivered: " + type);
    }
}
