package caravan.aws;

import caravan.CloudClients;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.store.DynamoAssetStore;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker configured as an operator copies the stack's outputs: the queue by its URL, and each service's endpoint
 * by the SDK's per-service variables only ({@code AWS_ENDPOINT_URL_S3}, ...), no global {@code AWS_ENDPOINT_URL}.
 * The upload is found, transcoded and published.
 */
@Pipeline
class AwsEndpointSettingsTest {
    @TempDir
    Path dir;

    @Test
    void aWorkerGivenTheQueuesUrlAndPerServiceEndpointsPublishesAnUpload() throws Exception {
        MotoServer moto = MotoServer.shared();
        AwsStack stack = AwsStack.deploy(moto, "caravan-endpoints-" + System.nanoTime());
        DynamoAssetStore assets = new DynamoAssetStore(new CloudClients(moto.endpoint()).dynamoDb(), stack.outputs().get("Table"),
                Clock.systemUTC(), null);
        Map<String, String> env = new HashMap<>(stack.environment());
        env.remove("AWS_ENDPOINT_URL");
        for (String service : new String[]{"S3", "SQS", "DYNAMODB", "SNS", "KMS"}) {
            env.put("AWS_ENDPOINT_URL_" + service, moto.endpoint());
        }
        env.put("CARAVAN_QUEUE", stack.outputs().get("IngestQueue"));
        assertThat(env.get("CARAVAN_QUEUE")).startsWith("http");

        try (ChildCaravan worker = ChildCaravan.start(dir.resolve("worker"), CaravanApp.freePort(), env,
                Path.of("target", "aws-endpoint-settings.log"))) {
            stack.s3().putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key("settings/clip.mp4"),
                    RequestBody.fromFile(TestClips.landscape(3)));
            Asset done = null;
            for (int i = 0; i < 1200 && done == null; i++) {
                done = bySource(assets, "settings/clip.mp4").filter(a -> a.getStatus().isOutcome()).orElse(null);
                Thread.sleep(100);
            }
            assertThat(done).as("the worker finished the upload").isNotNull();
            assertThat(done.getStatus()).isEqualTo(AssetStatus.READY);
            String id = done.getId();
            assertThat(stack.s3().listObjectsV2(b -> b.bucket(stack.outputs().get("OutputBucket")).prefix("media/" + id + "/master.m3u8"))
                    .contents()).hasSize(1);
        }
    }

    private static Optional<Asset> bySource(DynamoAssetStore assets, String key) {
        return assets.list(100, null).stream().filter(a -> a.getSource().name().equals(key)).findFirst();
    }
}
