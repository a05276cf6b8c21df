package caravan;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/**
 * Caravan's AWS clients. Credentials and region come from the SDK's default chains; the endpoint from the standard
 * {@code AWS_ENDPOINT_URL} (or {@code aws.endpointUrl}) when set, e.g. an emulator or a VPC endpoint. S3 then uses
 * path-style addressing, which emulators and endpoints by IP need.
 */
public final class CloudClients {
    private final URI endpoint;

    public CloudClients(String endpointUrl) {
        this.endpoint = endpointUrl == null || endpointUrl.isBlank() ? null : URI.create(endpointUrl);
    }

    public static CloudClients fromEnvironment() {
        String url = System.getenv("AWS_ENDPOINT_URL");
        return new CloudClients(url != null ? url : System.getProperty("aws.endpointUrl"));
    }

    public S3Client s3() {
        var b = S3Client.builder().httpClientBuilder(http()).overrideConfiguration(timeouts());
        if (endpoint != null) {
            b.endpointOverride(endpoint).forcePathStyle(true);
        }
        return b.build();
    }

    public SqsClient sqs() {
        var b = SqsClient.builder().httpClientBuilder(http()).overrideConfiguration(timeouts());
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    public SnsClient sns() {
        var b = SnsClient.builder().httpClientBuilder(http()).overrideConfiguration(timeouts());
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    public DynamoDbClient dynamoDb() {
        var b = DynamoDbClient.builder().httpClientBuilder(http()).overrideConfiguration(timeouts());
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    /** MediaConvert may have its own endpoint: {@code AWS_ENDPOINT_URL_MEDIACONVERT} (the SDK's per-service variable). */
    public MediaConvertClient mediaConvert(String serviceEndpoint) {
        var b = MediaConvertClient.builder().httpClientBuilder(http()).overrideConfiguration(timeouts());
        if (serviceEndpoint != null && !serviceEndpoint.isBlank()) {
            return b.endpointOverride(URI.create(serviceEndpoint)).build();
        }
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    public KmsClient kms() {
        var b = KmsClient.builder().httpClientBuilder(http()).overrideConfiguration(timeouts());
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    private static ApacheHttpClient.Builder http() {
        return ApacheHttpClient.builder().maxConnections(50).connectionTimeout(Duration.ofSeconds(5));
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(5)).build();
    }
}
