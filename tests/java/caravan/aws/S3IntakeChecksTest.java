package caravan.aws;

import caravan.CloudClients;
import caravan.store.DynamoAssetStore;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.MotoServer;
import caravan.testing.Queues;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an S3 event says is checked before anything is downloaded: an event naming another bucket is ignored, and an
 * object over {@code caravan.limits.maxFileBytes} fails the asset as FILE_TOO_LARGE from its HEAD, without a byte
 * reaching the worker's disk, the object left where it was uploaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class S3IntakeChecksTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir
    static Path dir;
    AwsStack stack;
    S3Client s3;
    SqsClient sqs;
    DynamoAssetStore assets;
    CaravanApp worker;

    @BeforeAll
    void start() throws Exception {
        MotoServer moto = MotoServer.shared();
        System.setProperty("aws.endpointUrl", moto.endpoint());
        stack = AwsStack.deploy(moto, "caravan-checks-" + System.nanoTime());
        s3 = stack.s3();
        sqs = SqsClient.builder().endpointOverride(URI.create(moto.endpoint())).build();
        assets = new DynamoAssetStore(new CloudClients(moto.endpoint()).dynamoDb(), stack.outputs().get("Table"), Clock.systemUTC(), null);
        Map<String, String> settings = new HashMap<>(stack.settings());
        settings.put("caravan.workers", "1");
        settings.put("caravan.limits.maxFileBytes", "4096");
        worker = CaravanApp.start(dir.resolve("worker"), settings);
    }

    @AfterAll
    void stop() throws Exception {
        worker.close();
    }

    @Test
    void anObjectOverTheLimitFailsFromItsHeadWithoutBeingDownloaded() throws Exception {
        String bucket = stack.outputs().get("IngestBucket");
        s3.putObject(b -> b.bucket(bucket).key("too-big.mp4"), RequestBody.fromBytes(new byte[64 * 1024]));

        Asset failed = awaitOutcome("too-big.mp4");

        assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(failed.getError().code()).isEqualTo("FILE_TOO_LARGE");
        assertThat(failed.getError().message()).contains("65536").contains("4096");
        assertThat(failed.getKeptAt()).isEqualTo("s3://" + bucket + "/too-big.mp4");
        assertThat(s3.headObject(b -> b.bucket(bucket).key("too-big.mp4")).contentLength()).isEqualTo(64 * 1024L);
        assertThat(filesUnder(worker.data().resolve("work"))).as("nothing downloaded").isEmpty();
    }

    @Test
    void anEventNamingAnotherBucketIsIgnored() throws Exception {
        String elsewhere = "elsewhere-" + System.nanoTime();
        s3.createBucket(b -> b.bucket(elsewhere));
        s3.putObject(b -> b.bucket(elsewhere).key("private.mp4"), RequestBody.fromString("not for Caravan"));
        String forged = "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + elsewhere
                + "\"},\"object\":{\"key\":\"private.mp4\",\"size\":15,\"eTag\":\"x\"}}}]}";
        String queue = sqs.getQueueUrl(b -> b.queueName(stack.outputs().get("IngestQueueName"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody(forged));

        Queues.awaitDrained(sqs, queue, WAIT);

        assertThat(assets.list(1000, null)).noneMatch(a -> a.getSource().name().equals("private.mp4"));
        assertThat(filesUnder(worker.data().resolve("work"))).noneMatch(p -> p.endsWith("source"));
        assertThat(s3.listObjectsV2(b -> b.bucket(elsewhere)).contents()).hasSize(1);
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
        throw new AssertionError("no outcome for " + key);
    }

    private static List<Path> filesUnder(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
