package caravan.aws;

import caravan.CloudClients;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.notify.DynamoOutbox;
import caravan.notify.Event;
import caravan.notify.Outbox;
import caravan.notify.Outbox.Delivery;
import caravan.store.DynamoAssetStore;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import caravan.testing.WebhookReceiver.Received;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No event is lost when a worker dies: pending events live in the table every worker shares. Worker A records an
 * outcome, cannot deliver its event (the receiver answers 500, the SNS topic does not exist yet; or A is halted the
 * moment the outcome is recorded), A dies, worker B starts and delivers the event under its original webhook-id,
 * to the webhook and on SNS.
 */
@Pipeline
class AwsOutboxWorkerKillTest {
    private static final List<String> FAST_RETRIES = List.of("-Dcaravan.webhook.retryBaseMillis=1000",
            "-Dcaravan.webhook.maxRetryDelayMillis=2000", "-Dcaravan.webhook.maxRounds=100", "-Dcaravan.webhook.maxRedeliveries=0",
            "-Dcaravan.webhook.leaseMillis=5000", "-Dcaravan.webhook.pollMillis=500", "-Dcaravan.aws.visibilityTimeoutSeconds=6");

    @TempDir
    Path dir;

    @Test
    void aReadyEventThatWorkerAKeptFailingToSendIsDeliveredByWorkerBUnderItsOriginalWebhookId() throws Exception {
        MotoServer moto = MotoServer.shared();
        AwsStack stack = AwsStack.deploy(moto, "caravan-outbox-" + System.nanoTime());
        String table = stack.outputs().get("Table");
        DynamoDbClient ddb = new CloudClients(moto.endpoint()).dynamoDb();
        DynamoAssetStore assets = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        Outbox outbox = new DynamoOutbox(ddb, table);
        String topicName = "created-later-" + System.nanoTime();
        String lateTopic = stack.outputs().get("Topic").replaceAll("[^:]+$", topicName);

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.failNext(Integer.MAX_VALUE);
            Map<String, String> env = new HashMap<>(stack.environment());
            env.put("CARAVAN_WEBHOOK_URLS", receiver.url());
            env.put("CARAVAN_TOPIC_ARN", lateTopic);

            ChildCaravan workerA = ChildCaravan.start(dir.resolve("worker-a"), CaravanApp.freePort(), env,
                    Path.of("target", "aws-outbox-worker-a.log"), FAST_RETRIES);
            stack.s3().putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key("clip.mp4"),
                    RequestBody.fromFile(TestClips.landscape(2)));
            Asset ready = await(() -> bySource(assets, "clip.mp4").filter(a -> a.getStatus() == AssetStatus.READY), 900);
            String webhookId = await(() -> receiver.received().stream()
                    .filter(r -> Event.READY.equals(r.json().path("type").asText())).findFirst().map(r -> r.header("webhook-id")), 300);
            await(() -> readyDeliveries(outbox, ready.getId()).stream()
                    .filter(d -> d.url().startsWith("sns:") && d.attempts() > 0).findFirst(), 300);
            workerA.killWithChildren();

            assertThat(receiver.accepted(ready.getId(), Event.READY)).as("nothing accepted while A lived").isEmpty();
            assertThat(readyDeliveries(outbox, ready.getId())).as("both deliveries still pending after A died")
                    .extracting(Delivery::state).doesNotContain("DELIVERED");
            String probe = snsProbe(moto, topicName);
            receiver.failNext(0);

            ChildCaravan workerB = ChildCaravan.start(dir.resolve("worker-b"), CaravanApp.freePort(), env,
                    Path.of("target", "aws-outbox-worker-b.log"), FAST_RETRIES);
            try {
                await(() -> receiver.accepted(ready.getId(), Event.READY).stream().findFirst(), 600);
                assertThat(receiver.received()).filteredOn(r -> Event.READY.equals(r.json().path("type").asText()))
                        .as("every attempt, by A and by B, under the one webhook-id").extracting(r -> r.header("webhook-id"))
                        .containsOnly(webhookId);
                JsonNode onSns = awaitSns(moto, probe, n -> Event.READY.equals(attribute(n, "eventType")));
                assertThat(attribute(onSns, "webhookId")).isEqualTo(webhookId);
                assertThat(attribute(onSns, "assetId")).isEqualTo(ready.getId());
                assertThat(workerB.get("/api/assets/" + ready.getId() + "/deliveries").body())
                        .as("the delivery history through the API").contains(webhookId).contains("DELIVERED");
            } finally {
                workerB.kill(); // a graceful stop waits out the queue's long poll: nothing to prove here
            }
        }
    }

    @Test
    void aFailedEventRecordedTheMomentWorkerAHaltedIsDeliveredByWorkerB() throws Exception {
        MotoServer moto = MotoServer.shared();
        AwsStack stack = AwsStack.deploy(moto, "caravan-outbox-" + System.nanoTime());
        String table = stack.outputs().get("Table");
        DynamoDbClient ddb = new CloudClients(moto.endpoint()).dynamoDb();
        DynamoAssetStore assets = new DynamoAssetStore(ddb, table, Clock.systemUTC(), null);
        Outbox outbox = new DynamoOutbox(ddb, table);
        String topic = stack.outputs().get("Topic");
        String probe = snsProbe(moto, topic.substring(topic.lastIndexOf(':') + 1));

        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Map<String, String> env = new HashMap<>(stack.environment());
            env.put("CARAVAN_WEBHOOK_URLS", receiver.url());
            List<String> haltAtOutcome = new ArrayList<>(FAST_RETRIES);
            haltAtOutcome.add("-Dcaravan.crashAt=outcome-recorded");

            ChildCaravan workerA = ChildCaravan.start(dir.resolve("worker-a"), CaravanApp.freePort(), env,
                    Path.of("target", "aws-outbox-worker-a-halt.log"), haltAtOutcome);
            stack.s3().putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key("corrupt.mp4"),
                    RequestBody.fromString("not a video at all".repeat(100)));
            assertThat(workerA.awaitExit(120)).as("A halted right after recording FAILED").isEqualTo(137);

            Asset failed = bySource(assets, "corrupt.mp4").orElseThrow();
            assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
            List<Delivery> pending = outbox.deliveries(failed.getId()).stream().filter(d -> Event.FAILED.equals(d.type())).toList();
            assertThat(pending).as("the outcome exists with its event, one delivery per subscriber").hasSize(2)
                    .allSatisfy(d -> assertThat(d.state()).isEqualTo("PENDING"));
            String webhookId = pending.get(0).eventId();
            assertThat(receiver.accepted(failed.getId(), Event.FAILED)).as("A never sent it").isEmpty();

            ChildCaravan workerB = ChildCaravan.start(dir.resolve("worker-b"), CaravanApp.freePort(), env,
                    Path.of("target", "aws-outbox-worker-b-halt.log"), FAST_RETRIES);
            try {
                Received sent = await(() -> receiver.accepted(failed.getId(), Event.FAILED).stream().findFirst(), 600);
                assertThat(sent.header("webhook-id")).isEqualTo(webhookId);
                assertThat(sent.json().path("data").path("status").asText()).isEqualTo("FAILED");
                JsonNode onSns = awaitSns(moto, probe, n -> Event.FAILED.equals(attribute(n, "eventType")));
                assertThat(attribute(onSns, "webhookId")).isEqualTo(webhookId);
                assertThat(receiver.accepted(failed.getId(), Event.FAILED)).as("sent once").hasSize(1);
            } finally {
                workerB.kill();
            }
        }
    }

    private static List<Delivery> readyDeliveries(Outbox outbox, String assetId) {
        return outbox.deliveries(assetId).stream().filter(d -> Event.READY.equals(d.type())).toList();
    }

    /** An SQS queue subscribed to the topic of this name, creating the topic if it does not exist yet. */
    private static String snsProbe(MotoServer moto, String topicName) {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).build();
             SnsClient sns = SnsClient.builder().endpointOverride(URI.create(moto.endpoint())).build()) {
            String queue = sqs.createQueue(b -> b.queueName("outbox-probe-" + System.nanoTime())).queueUrl();
            String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(QueueAttributeName.QUEUE_ARN))
                    .attributes().get(QueueAttributeName.QUEUE_ARN);
            String topicArn = sns.createTopic(b -> b.name(topicName)).topicArn();
            sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
            return queue;
        }
    }

    private static JsonNode awaitSns(MotoServer moto, String queue, Predicate<JsonNode> wanted) throws Exception {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).build()) {
            for (int i = 0; i < 60; i++) {
                for (Message m : sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                    JsonNode n = Json.MAPPER.readTree(m.body());
                    if (wanted.test(n)) {
                        return n;
                    }
                }
            }
        }
        throw new AssertionError("No such SNS notification");
    }

    private static String attribute(JsonNode notification, String name) {
        return notification.path("MessageAttributes").path(name).path("Value").asText();
    }

    private static Optional<Asset> bySource(DynamoAssetStore assets, String key) {
        return assets.list(100, null).stream().filter(a -> a.getSource().name().equals(key)).findFirst();
    }

    private interface Poll<T> {
        Optional<T> once() throws Exception;
    }

    /** Polls every 100 ms, up to {@code times} times. */
    private static <T> T await(Poll<T> poll, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            Optional<T> found = poll.once();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Waited " + times / 10 + " s in vain");
    }
}
