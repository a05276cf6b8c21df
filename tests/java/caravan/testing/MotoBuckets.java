package caravan.testing;

import caravan.CloudClients;
import caravan.S3Transfers;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 on the shared moto server with what Caravan's S3 backends take: a client, the transfer manager, and a KMS key of
 * their own for SSE-KMS. Buckets are made by each test.
 */
public record MotoBuckets(S3Client s3, S3Transfers transfers, String kmsKeyId) implements AutoCloseable {

    public static MotoBuckets start(String keyDescription) throws Exception {
        CloudClients aws = new CloudClients(MotoServer.shared().endpoint());
        try (KmsClient kms = aws.kms()) {
            String key = kms.createKey(b -> b.description(keyDescription)).keyMetadata().arn();
            return new MotoBuckets(aws.s3(), aws.s3Transfers(), key);
        }
    }

    @Override
    public void close() {
        s3.close();
        transfers.close();
    }
}
