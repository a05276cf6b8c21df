package routes;

import caravan.Settings;
import caravan.failure.AttemptCounter;
import caravan.failure.PermanentServiceError;
import caravan.failure.RejectedInput;
import caravan.failure.RetrySettings;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one failure policy of the pipeline, referenced by id. Bad input ({@link RejectedInput}) and requests an AWS
 * service refused for good ({@link PermanentServiceError}) fail the asset at once; anything else (I/O, the database,
 * throttling and 5xx answers, an ffmpeg crash) is redelivered with exponential backoff first. Either way the exchange ends in the
 * dead-letter route of {@link FailureRoutes}, and the consumer sees it as handled.
 */
public class FailurePolicy extends RouteConfigurationBuilder {
    static final String ASSET_FAILURES = "asset-failures";

    @Override
    public void configuration() {
        RetrySettings retry = RetrySettings.from(new Settings(getContext()));
        routeConfiguration(ASSET_FAILURES)
                .errorHandler(deadLetterChannel("direct:asset-failed")
                        .maximumRedeliveries(retry.maxRedeliveries())
                        .redeliveryDelay(retry.delayMillis())
                        .useExponentialBackOff()
                        .backOffMultiplier(retry.backOffMultiplier())
                        .maximumRedeliveryDelay(retry.maxDelayMillis())
                        .onRedelivery(new AttemptCounter())
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhausted(false))
                .onException(RejectedInput.class).maximumRedeliveries(0).handled(true).to("direct:asset-failed")
                .end()
                .onException(AwsServiceException.class).onWhen(new PermanentServiceError())
                    .maximumRedeliveries(0).handled(true).to("direct:asset-failed");
    }
}
