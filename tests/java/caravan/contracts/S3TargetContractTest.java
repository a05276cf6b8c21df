package caravan.contracts;

import caravan.DataFolders;
import caravan.S3Transfers;
import caravan.publish.S3Target;
import caravan.publish.PublishTarget;
import caravan.testing.MotoBuckets;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The publish contract against an output bucket in S3 as the emulator serves it, one bucket per test. */
@Pipeline
class S3TargetContractTest extends PublishTargetContract {
    private static MotoBuckets moto;
    private static S3Client s3;
    private static S3Transfers transfers;
    private static String kmsKeyId;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        moto = MotoBuckets.start("caravan output bucket");
        s3 = moto.s3();
        transfers = moto.transfers();
        kmsKeyId = moto.kmsKeyId();
    }

    @AfterAll
    static void closeS3() {
        moto.close();
    }

    @Override
    protected PublishTarget newTarget(DataFolders folders) {
        bucket = "output-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        return new S3Target(s3, transfers, bucket, kmsKeyId);
    }

    /** A large output (a long top-rung segment, the MP4 download) goes up in parts through the transfer manager, under the key. */
    @Test
    void aLargeFileGoesUpInPartsEncryptedWithTheKey() throws Exception {
        byte[] big = new byte[(20 << 20) + 7];
        new java.util.Random(13).nextBytes(big);
        Path hls = folders.transcodeOutput("big");
        Files.createDirectories(hls);
        Files.write(hls.resolve("download.mp4"), big);
        Files.writeString(hls.resolve("master.m3u8"), "#EXTM3U\n");

        target.publish("big", hls);

        HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("media/big/download.mp4"));
        assertThat(head.eTag()).as("a multipart upload's ETag ends in -<parts>").matches("\"?[0-9a-f]{32}-[3-9]\"?");
        assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
        assertThat(head.ssekmsKeyId()).isEqualTo(kmsKeyId);
        assertThat(head.contentType()).isEqualTo("video/mp4");
        assertThat(publishedFile("big", "download.mp4")).hasValueSatisfying(b -> assertThat(b).isEqualTo(big));
    }

    @Override
    protected Optional<byte[]> publishedFile(String assetId, String relativePath) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key("media/" + assetId + "/" + relativePath)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }
}
