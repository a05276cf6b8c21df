package caravan.contracts;

import caravan.DataFolders;
import caravan.CloudClients;
import caravan.publish.S3Target;
import caravan.publish.PublishTarget;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.Optional;
import java.util.UUID;

/** The publish contract against an output bucket in S3 as the emulator serves it, one bucket per test. */
@Pipeline
class S3TargetContractTest extends PublishTargetContract {
    private static S3Client s3;
    private static String kmsKeyId;
    private String bucket;

    @BeforeAll
    static void startS3() throws Exception {
        CloudClients aws = new CloudClients(MotoServer.shared().endpoint());
        s3 = aws.s3();
        try (KmsClient kms = aws.kms()) {
            kmsKeyId = kms.createKey(b -> b.description("caravan output bucket")).keyMetadata().arn();
        }
    }

    @AfterAll
    static void closeS3() {
        s3.close();
    }

    @Override
    protected PublishTarget newTarget(DataFolders folders) {
        bucket = "output-" + UUID.randomUUID();
        s3.createBucket(b -> b.bucket(bucket));
        return new S3Target(s3, bucket, kmsKeyId);
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
