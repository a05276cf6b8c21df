package caravan;

import java.util.Map;
import java.util.Properties;

/**
 * Whether the operator pointed a service at an endpoint of their own, by the AWS SDK's standard settings, which the
 * SDK reads itself: {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} in the environment,
 * {@code aws.endpointUrl<Service>} or {@code aws.endpointUrl} as system properties, all switched off by
 * {@code AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true}. Caravan only needs the answer for S3: an emulator or an endpoint
 * by IP address cannot take the bucket in the host name, so S3 is then addressed by path.
 */
final class ConfiguredEndpoints {
    private final Map<String, String> env;
    private final Properties system;

    ConfiguredEndpoints(Map<String, String> env, Properties system) {
        this.env = env;
        this.system = system;
    }

    static ConfiguredEndpoints ofThisProcess() {
        return new ConfiguredEndpoints(System.getenv(), System.getProperties());
    }

    boolean forS3() {
        return isSet("S3", "S3");
    }

    /**
     * @param envSuffix   the service's suffix of {@code AWS_ENDPOINT_URL_}: its SDK id in capitals ({@code S3}, {@code DYNAMODB})
     * @param propertySuffix the suffix of {@code aws.endpointUrl} ({@code S3}, {@code DynamoDb})
     */
    boolean isSet(String envSuffix, String propertySuffix) {
        if ("true".equalsIgnoreCase(value(env.get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), system.getProperty("aws.ignoreConfiguredEndpointUrls")))) {
            return false;
        }
        return value(system.getProperty("aws.endpointUrl" + propertySuffix), env.get("AWS_ENDPOINT_URL_" + envSuffix),
                system.getProperty("aws.endpointUrl"), env.get("AWS_ENDPOINT_URL")) != null;
    }

    private static String value(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank()) {
                return c;
            }
        }
        return null;
    }
}
