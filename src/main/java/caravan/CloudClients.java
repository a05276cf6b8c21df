package caravan;

import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;

/**
 * Caravan's AWS clients. Credentials, region and endpoints come from the SDK's default chains: the SDK itself reads
 * {@code AWS_ENDPOINT_URL} and the per-service {@code AWS_ENDPOINT_URL_S3}, {@code _SQS}, {@code _DYNAMODB},
 * {@code _SNS}, {@code _KMS}, {@code _MEDIACONVERT} (or the {@code aws.endpointUrl...} system properties), e.g. for an
 * emulator or a VPC endpoint. When S3's endpoint is one of those, S3 uses path-style addressing, which emulators and
 * endpoints by IP need. Large S3 objects move through the {@link #s3Transfers() transfer manager}.
 */
public final class CloudClients {
    /** An endpoint for every client, given by the caller (tests); null lets the SDK resolve it. */
    private final URI endpoint;
    private final boolean s3PathStyle;

    /** Every client at this endpoint (null or blank: the SDK's resolution), S3 by path when it is set. */
    public CloudClients(String endpointUrl) {
        this.endpoint = endpointUrl == null || endpointUrl.isBlank() ? null : URI.create(endpointUrl);
        this.s3PathStyle = endpoint != null;
    }

    private CloudClients(boolean s3PathStyle) {
        this.endpoint = null;
        this.s3PathStyle = s3PathStyle;
    }

    /** The clients as the SDK configures them from this process's environment and system properties. */
    public static CloudClients fromEnvironment() {
        return new CloudClients(ConfiguredEndpoints.ofThisProcess().forS3());
    }

    public S3Client s3() {
        var b = S3Client.builder().httpClientBuilder(http()).overrideConfiguration(timeouts()).forcePathStyle(s3PathStyle);
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    /** Presigned S3 URLs (uploads from browsers and apps), at the same endpoint and addressing as {@link #s3()}. */
    public S3Presigner s3Presigner() {
        var b = S3Presigner.builder().serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(s3PathStyle).build());
        return endpoint == null ? b.build() : b.endpointOverride(endpoint).build();
    }

    /**
     * S3 transfers of whole files: multipart with parts sent and fetched in parallel, streamed from and to disk, so
     * memory stays constant whatever the object's size. Close it with the application (it owns its async client).
     */
    public S3Transfers s3Transfers() {
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(50).connectionTimeout(Duration.ofSeconds(5)).build();
        S3AsyncClient parts = s3Async(http).multipartEnabled(true)
                .multipartConfiguration(m -> m.minimumPartSizeInBytes(TRANSFER_PART_SIZE).thresholdInBytes(TRANSFER_PART_SIZE)).build();
        return new S3Transfers(parts, s3Async(http).build(), http);
    }

    private S3AsyncClientBuilder s3Async(SdkAsyncHttpClient http) {
        var b = S3AsyncClient.builder().httpClient(http).forcePathStyle(s3PathStyle);
        if (s3PathStyle) {
            // emulators answer the SDK's "Expect: 100-continue" in a way its async client takes for the final status
            // (no call timeout here: a single-part object may take long; the HTTP client's read timeout catches a stall)
            b.overrideConfiguration(o -> o.addExecutionInterceptor(new WithoutExpectContinue()));
        }
        return endpoint == null ? b : b.endpointOverride(endpoint);
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

    /** Multipart above 8 MiB, in 8 MiB parts (S3's minimum is 5 MiB); the SDK buffers at most four parts per call. */
    public static final long TRANSFER_PART_SIZE = 8L << 20;

    private static final class WithoutExpectContinue implements ExecutionInterceptor {
        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
        }
    }

    private static ApacheHttpClient.Builder http() {
        return ApacheHttpClient.builder().maxConnections(50).connectionTimeout(Duration.ofSeconds(5));
    }

    private static ClientOverrideConfiguration timeouts() {
        return ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(5)).build();
    }
}
