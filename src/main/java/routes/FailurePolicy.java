package routes;

import caravan.failure.AttemptCounter;
import caravan.failure.RejectedInput;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The one failure policy of the pipeline, referenced by id. Bad input ({@link RejectedInput}) fails the asset at
 * once; anything else is redelivered with exponential backoff first. Either way the exchange ends in the
 * dead-letter route of {@link FailureRoutes}, and the consumer sees it as handled.
 */
public class FailurePolicy extends RouteConfigurationBuilder {
    static final String ASSET_FAILURES = "asset-failures";

    @Override
    public void configuration() {
        routeConfiguration(ASSET_FAILURES)
                .errorHandler(deadLetterChannel("direct:asset-failed")
                        .maximumRedeliveries(Integer.parseInt(setting("caravan.retry.maxRedeliveries")))
                        .redeliveryDelay(Long.parseLong(setting("caravan.retry.delayMillis")))
                        .useExponentialBackOff()
                        .backOffMultiplier(Double.parseDouble(setting("caravan.retry.backOffMultiplier")))
                        .maximumRedeliveryDelay(Long.parseLong(setting("caravan.retry.maxDelayMillis")))
                        .onRedelivery(new AttemptCounter())
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhausted(false))
                .onException(RejectedInput.class).maximumRedeliveries(0).handled(true).to("direct:asset-failed");
    }

    private String setting(String key) {
        return getContext().resolvePropertyPlaceholders("{{" + key + "}}");
    }
}
