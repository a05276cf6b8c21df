package caravan.aws;

import caravan.CloudClients;
import caravan.store.DynamoAssetStore;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.Outputs;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.MotoServer;
import caravan.testing.Queues;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * AWS mode end to end against the emulator: the CloudFormation template deployed, two workers competing for the
 * S3 event queue, uploads made with the SDK, state in DynamoDB, outputs in the output bucket, events on SNS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first test counts the SNS events on a shared probe queue
@Pipeline
class AwsPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    @TempDir
    static Path dir;
    AwsStack stack;
    S3Client s3;
    SqsClient sqs;
    String snsProbeQueue;
    DynamoAssetStore assets;
    CaravanApp first;
    CaravanApp second;

    @BeforeAll
    void start() throws Exception {
        MotoServer moto = MotoServer.shared();
        System.setProperty("aws.endpointUrl", moto.endpoint());
        stack = AwsStack.deploy(moto, "caravan-" + System.nanoTime());
        s3 = stack.s3();
        sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).build();
        snsProbeQueue = sqs.createQueue(b -> b.queueName("sns-probe-" + System.nanoTime())).queueUrl();
        String probeArn = sqs.getQueueAttributes(b -> b.queueUrl(snsProbeQueue).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        try (SnsClient sns = SnsClient.builder().endpointOverride(URI.create(moto.endpoint())).build()) {
            sns.subscribe(b -> b.topicArn(stack.outputs().get("Topic")).protocol("sqs").endpoint(probeArn));
        }
        assets = new DynamoAssetStore(new CloudClients(moto.endpoint()).dynamoDb(), stack.outputs().get("Table"), Clock.systemUTC(), null);
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put("caravan.workers", "1");
        settings.put("caravan.aws.visibilityTimeoutSeconds", "30");
        first = CaravanApp.start(dir.resolve("worker-1"), settings);
        second = CaravanApp.start(dir.resolve("worker-2"), settings);
    }

    @AfterAll
    void stop() throws Exception {
        first.close();
        second.close();
    }

    @Test
    @Order(1)
    void uploadsBecomeExactlyOneAssetEachWithOutputsStateAndEvents() throws Exception {
        String bucket = stack.outputs().get("IngestBucket");
        Map<String, Path> valid = new HashMap<>();
        valid.put("lectures/week 1+2 intro.mp4", TestClips.variant(TestClips.landscape(3), "aws-1"));
        valid.put("podcasts/episode.m4a", TestClips.variant(TestClips.audioOnly(), "aws-2"));
        valid.put("silent.mp4", TestClips.variant(TestClips.noAudio(), "aws-3"));
        valid.put("with-sidecar.mp4", TestClips.variant(TestClips.noAudio(), "aws-4"));
        s3.putObject(b -> b.bucket(bucket).key("with-sidecar.json"), RequestBody.fromString("{\"title\": \"Sidecar first\"}"));
        for (Map.Entry<String, Path> upload : valid.entrySet()) {
            s3.putObject(b -> b.bucket(bucket).key(upload.getKey()), RequestBody.fromFile(upload.getValue()));
        }
        s3.putObject(b -> b.bucket(bucket).key("corrupt.mp4"), RequestBody.fromString("not a video at all".repeat(100)));

        Map<String, Asset> outcomes = new HashMap<>();
        for (String key : valid.keySet()) {
            outcomes.put(key, awaitOutcome(key));
        }
        Asset corrupt = awaitOutcome("corrupt.mp4");

        String output = stack.outputs().get("OutputBucket");
        for (Map.Entry<String, Asset> o : outcomes.entrySet()) {
            Asset a = o.getValue();
            assertThat(a.getStatus()).as(o.getKey() + " " + a.getError()).isEqualTo(AssetStatus.READY);
            assertThat(a.getSource().sha256()).isNotBlank();
            assertThat(a.getMaster()).isEqualTo("s3://" + output + "/media/" + a.getId() + "/master.m3u8");
            List<S3Object> published = s3.listObjectsV2(b -> b.bucket(output).prefix("media/" + a.getId() + "/")).contents();
            assertThat(published).extracting(S3Object::key).contains("media/" + a.getId() + "/master.m3u8")
                    .anyMatch(k -> k.endsWith(".ts"));
            Instant masterWritten = published.stream().filter(x -> x.key().endsWith("master.m3u8")).findFirst().orElseThrow().lastModified();
            assertThat(published).allMatch(x -> !x.lastModified().isAfter(masterWritten));
            var head = s3.headObject(b -> b.bucket(output).key("media/" + a.getId() + "/master.m3u8"));
            assertThat(head.serverSideEncryptionAsString()).isEqualTo("aws:kms");
            assertThat(sameSource(o.getKey())).as("one asset for " + o.getKey()).hasSize(1);
        }
        assertThat(outcomes.get("with-sidecar.mp4").getMetadata()).containsEntry("title", "Sidecar first");
        assertThat(outcomes.get("lectures/week 1+2 intro.mp4").getSource().name()).isEqualTo("lectures/week 1+2 intro.mp4");
        assertThat(outcomes.get("podcasts/episode.m4a").getContentKey()).isNotNull();

        assertThat(corrupt.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(corrupt.getError().code()).isEqualTo("UNREADABLE_MEDIA");
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("failed/" + corrupt.getId() + "/")).contents()).extracting(S3Object::key)
                .containsExactlyInAnyOrder("failed/" + corrupt.getId() + "/corrupt.mp4", "failed/" + corrupt.getId() + "/corrupt.mp4.error.json");

        // the same notification again (S3 delivers at least once): no second asset, no second job
        Asset silent = outcomes.get("silent.mp4");
        String event = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket
                + "\"},\"object\":{\"key\":\"silent.mp4\",\"size\":1,\"eTag\":\"" + etag(bucket, "silent.mp4") + "\"}}}]}";
        sqs.sendMessage(b -> b.queueUrl(queueUrl()).messageBody(event));
        Thread.sleep(3000);
        assertThat(sameSource("silent.mp4")).hasSize(1);
        assertThat(assets.find(silent.getId()).orElseThrow().getUpdatedAt()).isEqualTo(silent.getUpdatedAt());

        List<JsonNode> notifications = snsNotifications(valid.size() * 2 + 2);
        assertThat(notifications).anyMatch(n -> n.path("MessageAttributes").path("eventType").path("Value").asText().equals("asset.ready"));
        for (Asset a : outcomes.values()) {
            assertThat(notifications).filteredOn(n -> n.path("Message").asText().contains(a.getId()))
                    .extracting(n -> n.path("MessageAttributes").path("eventType").path("Value").asText())
                    .contains("asset.received", "asset.ready");
        }
        assertThat(notifications).anyMatch(n -> n.path("Message").asText().contains(corrupt.getId())
                && n.path("MessageAttributes").path("eventType").path("Value").asText().equals("asset.failed"));
    }

    /**
     * Caption objects beside a video in the ingest bucket pair with it as in the inbox: one uploaded before the video
     * is taken with it, one uploaded once the video is being transcoded is paired before publishing, and both are
     * listed in the published master's SUBTITLES group. Their own events make no asset.
     */
    @Test
    @Order(2)
    void captionObjectsBesideAVideoArePublishedWithItWhetherUploadedBeforeOrDuringTheTranscode() throws Exception {
        String bucket = stack.outputs().get("IngestBucket");
        s3.putObject(b -> b.bucket(bucket).key("captioned/talk.en.vtt"),
                RequestBody.fromString("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nHello\n"));
        s3.putObject(b -> b.bucket(bucket).key("captioned/talk.mp4"),
                RequestBody.fromFile(TestClips.variant(TestClips.landscape(10), "aws-captions")));
        Asset transcoding = awaitStatus("captioned/talk.mp4", AssetStatus.TRANSCODING);
        // taken already, so this one can only come in through late pairing
        s3.putObject(b -> b.bucket(bucket).key("captioned/talk.fr.vtt"),
                RequestBody.fromString("WEBVTT\n\n00:00:04.000 --> 00:00:06.000\nBonjour\n"));

        Asset ready = awaitOutcome("captioned/talk.mp4");

        assertThat(ready.getStatus()).as("%s", ready.getError()).isEqualTo(AssetStatus.READY);
        assertThat(ready.getId()).isEqualTo(transcoding.getId());
        assertThat(ready.getOutputs().captions()).extracting(Outputs.Caption::language, Outputs.Caption::origin, Outputs.Caption::cues)
                .containsExactlyInAnyOrder(tuple("en", "sidecar", 1), tuple("fr", "sidecar", 1));
        String output = stack.outputs().get("OutputBucket");
        String master = s3.getObjectAsBytes(b -> b.bucket(output).key("media/" + ready.getId() + "/master.m3u8")).asUtf8String();
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\"")))
                .hasSize(2).anyMatch(l -> l.contains("LANGUAGE=\"en\"")).anyMatch(l -> l.contains("LANGUAGE=\"fr\""));
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains(",SUBTITLES=\"captions\""));
        for (Outputs.Caption c : ready.getOutputs().captions()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(output).prefix("media/" + ready.getId() + "/" + c.vtt())).contents()).hasSize(1);
        }

        Queues.awaitDrained(sqs, queueUrl(), WAIT);
        assertThat(assets.list(1000, null)).extracting(a -> a.getSource().name())
                .doesNotContain("captioned/talk.en.vtt", "captioned/talk.fr.vtt").containsOnlyOnce("captioned/talk.mp4");
    }

    private Asset awaitStatus(String key, AssetStatus status) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            List<Asset> found = assets.findByStatus(EnumSet.of(status)).stream().filter(a -> a.getSource().name().equals(key)).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never " + status + ": " + key + " " + sameSource(key));
    }


    private List<Asset> sameSource(String key) {
        return assets.list(1000, null).stream().filter(a -> a.getSource().name().equals(key)).toList();
    }

    private Asset awaitOutcome(String key) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            List<Asset> found = assets.findByStatus(EnumSet.of(AssetStatus.READY, AssetStatus.FAILED, AssetStatus.DUPLICATE))
                    .stream().filter(a -> a.getSource().name().equals(key)).toList();
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no outcome for " + key + ": " + sameSource(key));
    }

    private String queueUrl() {
        return sqs.getQueueUrl(b -> b.queueName(stack.outputs().get("IngestQueueName"))).queueUrl();
    }

    private String etag(String bucket, String key) {
        return s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
    }

    private List<JsonNode> snsNotifications(int atLeast) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < 30 && out.size() < atLeast; i++) {
            for (Message m : sqs.receiveMessage(b -> b.queueUrl(snsProbeQueue).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                out.add(Json.MAPPER.readTree(m.body()));
                sqs.deleteMessage(b -> b.queueUrl(snsProbeQueue).receiptHandle(m.receiptHandle()));
            }
        }
        return out;
    }
}
