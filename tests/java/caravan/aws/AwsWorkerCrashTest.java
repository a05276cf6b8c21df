package caravan.aws;

import caravan.CloudClients;
import caravan.store.DynamoAssetStore;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
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
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that dies mid-transcode (its machine gone: process and ffmpeg killed) stops extending its message; the
 * message comes back and another worker finishes the same asset. One asset, one job outcome.
 */
@Pipeline
class AwsWorkerCrashTest {
    @TempDir
    Path dir;

    @Test
    void theMessageOfAWorkerKilledMidJobIsFinishedByAnother() throws Exception {
        MotoServer moto = MotoServer.shared();
        AwsStack stack = AwsStack.deploy(moto, "caravan-crash-" + System.nanoTime());
        DynamoAssetStore assets = new DynamoAssetStore(new CloudClients(moto.endpoint()).dynamoDb(), stack.outputs().get("Table"),
                Clock.systemUTC(), null);
        List<String> jvm = List.of("-Dcaravan.aws.visibilityTimeoutSeconds=6", "-Dcaravan.aws.leaseSeconds=8");

        ChildCaravan doomed = ChildCaravan.start(dir.resolve("worker-a"), CaravanApp.freePort(), stack.environment(),
                Path.of("target", "aws-worker-a.log"), jvm);
        stack.s3().putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key("long/lecture.mp4"),
                RequestBody.fromFile(TestClips.landscape(60)));
        Asset transcoding = null;
        for (int i = 0; i < 600 && transcoding == null; i++) {
            transcoding = bySource(assets, "long/lecture.mp4").filter(a -> a.getStatus() == AssetStatus.TRANSCODING).orElse(null);
            Thread.sleep(100);
        }
        assertThat(transcoding).as("worker A started transcoding").isNotNull();
        doomed.killWithChildren();

        try (ChildCaravan survivor = ChildCaravan.start(dir.resolve("worker-b"), CaravanApp.freePort(), stack.environment(),
                Path.of("target", "aws-worker-b.log"), jvm)) {
            Asset done = null;
            for (int i = 0; i < 1800 && done == null; i++) {
                done = bySource(assets, "long/lecture.mp4").filter(a -> a.getStatus().isOutcome()).orElse(null);
                Thread.sleep(100);
            }
            assertThat(done).as("worker B finished the asset").isNotNull();
            assertThat(done.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(done.getId()).isEqualTo(transcoding.getId());
            assertThat(assets.list(100, null)).filteredOn(a -> a.getSource().name().equals("long/lecture.mp4")).hasSize(1);
            String master = "media/" + done.getId() + "/master.m3u8";
            assertThat(stack.s3().listObjectsV2(b -> b.bucket(stack.outputs().get("OutputBucket")).prefix(master)).contents()).hasSize(1);
        }
    }

    private static Optional<Asset> bySource(DynamoAssetStore assets, String key) {
        return assets.list(100, null).stream().filter(a -> a.getSource().name().equals(key)).findFirst();
    }
}
