package caravan;

import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clients follow the SDK's own per-service endpoint settings ({@code aws.endpointUrlS3} here, the system
 * property twin of {@code AWS_ENDPOINT_URL_S3}), with no global endpoint set: S3 is then reached by path.
 */
@Pipeline
class CloudClientsEndpointTest {
    @TempDir
    Path dir;

    @Test
    void perServiceEndpointsAreResolvedByTheSdkAndS3IsAddressedByPath() throws Exception {
        String moto = MotoServer.shared().endpoint();
        String global = System.clearProperty("aws.endpointUrl");
        System.setProperty("aws.endpointUrlS3", moto);
        System.setProperty("aws.endpointUrlDynamoDb", moto);
        try {
            CloudClients aws = CloudClients.fromEnvironment();
            String bucket = "endpoints-" + UUID.randomUUID();
            Path file = Files.writeString(dir.resolve("a.txt"), "through the transfer manager");
            try (S3Client s3 = aws.s3(); S3Transfers transfers = aws.s3Transfers(); DynamoDbClient ddb = aws.dynamoDb()) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putObject(b -> b.bucket(bucket).key("hello.txt"), RequestBody.fromString("hello"));
                transfers.upload(b -> b.bucket(bucket).key("a.txt"), file);

                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("hello.txt")).asUtf8String()).isEqualTo("hello");
                assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("a.txt")).asUtf8String()).isEqualTo("through the transfer manager");
                assertThat(ddb.listTables().tableNames()).isNotNull();
            }
        } finally {
            System.clearProperty("aws.endpointUrlS3");
            System.clearProperty("aws.endpointUrlDynamoDb");
            if (global != null) {
                System.setProperty("aws.endpointUrl", global);
            }
        }
    }
}
