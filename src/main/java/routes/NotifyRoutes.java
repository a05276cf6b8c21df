package routes;

import caravan.Settings;
import caravan.notify.NotifySettings;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;

/**
 * Notify: as soon as an event is recorded (and every {@code caravan.webhook.pollMillis} for retries that fall due),
 * due deliveries are taken from the outbox: webhooks are signed and POSTed, SNS topics get the same event published. A failing receiver is
 * redelivered with exponential backoff; when that is exhausted the outbox reschedules it for later. None of this
 * runs on the pipeline's threads, so a dead webhook never holds up or fails a transcode.
 */
public class NotifyRoutes extends EndpointRouteBuilder {
    @Override
    public void configure() {
        NotifySettings notify = NotifySettings.from(new Settings(getContext()));
        from(scheduler("webhook-outbox").scheduler("#outboxWatch"))
                .routeId("webhook-outbox")
                .bean("webhookDispatcher", "due")
                .split(body()).parallelProcessing()
                    .to(direct("webhook-deliver"));

        from(direct("webhook-deliver"))
                .routeId("webhook-deliver")
                .errorHandler(deadLetterChannel("direct:webhook-failed")
                        .maximumRedeliveries(notify.maxRedeliveries())
                        .redeliveryDelay(notify.delayMillis())
                        .useExponentialBackOff()
                        .asyncDelayedRedelivery()
                        .retryAttemptedLogLevel(LoggingLevel.WARN)
                        .logExhausted(false))
                .bean("webhookDispatcher", "prepare")
                .choice()
                    .when(exchangeProperty(Headers.SNS_TOPIC).isNotNull())
                        .toD("aws2-sns:${exchangeProperty." + Headers.SNS_TOPIC + "}?autoCreateTopic=false")
                    .otherwise()
                        .to(http("webhook.invalid").throwExceptionOnFailure(true))
                .end()
                .bean("webhookDispatcher", "delivered");

        from(direct("webhook-failed"))
                .routeId("webhook-failed")
                .bean("webhookDispatcher", "failed");
    }
}
