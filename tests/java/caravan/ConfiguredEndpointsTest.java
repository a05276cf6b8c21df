package caravan;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** S3 is addressed by path exactly when the SDK's own endpoint settings point it somewhere else than AWS. */
class ConfiguredEndpointsTest {

    @Test
    void theGlobalOrS3sOwnVariableOrPropertyCounts() {
        assertThat(endpoints(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000"), props()).forS3()).isTrue();
        assertThat(endpoints(Map.of("AWS_ENDPOINT_URL_S3", "http://minio:9000"), props()).forS3()).isTrue();
        assertThat(endpoints(Map.of(), props("aws.endpointUrlS3", "http://127.0.0.1:5000")).forS3()).isTrue();
        assertThat(endpoints(Map.of(), props("aws.endpointUrl", "http://127.0.0.1:5000")).forS3()).isTrue();
    }

    @Test
    void anotherServicesEndpointOrNoneLeavesS3ToAws() {
        assertThat(endpoints(Map.of(), props()).forS3()).isFalse();
        assertThat(endpoints(Map.of("AWS_ENDPOINT_URL_SQS", "http://127.0.0.1:5000", "AWS_ENDPOINT_URL_DYNAMODB", "http://x"), props()).forS3())
                .isFalse();
        assertThat(endpoints(Map.of("AWS_ENDPOINT_URL_S3", " "), props()).forS3()).isFalse();
    }

    @Test
    void theSdksSwitchToIgnoreConfiguredEndpointsIsHonoured() {
        assertThat(endpoints(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:5000", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), props())
                .forS3()).isFalse();
        assertThat(endpoints(Map.of("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:5000"), props("aws.ignoreConfiguredEndpointUrls", "true"))
                .forS3()).isFalse();
    }

    private static ConfiguredEndpoints endpoints(Map<String, String> env, Properties system) {
        return new ConfiguredEndpoints(env, system);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
