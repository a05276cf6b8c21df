package caravan.notify;

import caravan.CrashPoints;
import caravan.notify.Outbox.Delivery;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Clock;
import java.util.List;

/**
 * The notify routes' logic: takes due deliveries from the outbox, signs each webhook request (or addresses the SNS
 * topic, with the event type as a message attribute), and records the outcome.
 * A delivery whose quick in-route redeliveries are exhausted is rescheduled with a growing delay, up to a limit.
 */
public final class WebhookDispatcher {
    public static final String DELIVERY = "CaravanDelivery";
    /** A subscriber of this form is an SNS topic: {@code sns:<topic ARN>}. */
    public static final String SNS_PREFIX = "sns:";
    public static final String SNS_TOPIC = "CaravanSnsTopic";

    private final Outbox outbox;
    private final WebhookSigner signer;
    private final Clock clock;
    private final long retryBaseMillis;
    private final int maxRounds;
    private final long maxRetryDelayMillis;
    private final long leaseMillis;

    public WebhookDispatcher(Outbox outbox, WebhookSigner signer, Clock clock, long retryBaseMillis, long maxRetryDelayMillis,
                             int maxRounds, long leaseMillis) {
        this.leaseMillis = leaseMillis;
        this.maxRetryDelayMillis = maxRetryDelayMillis;
        this.outbox = outbox;
        this.signer = signer;
        this.clock = clock;
        this.retryBaseMillis = retryBaseMillis;
        this.maxRounds = maxRounds;
    }

    public List<Delivery> due() {
        return outbox.claimDue(clock.millis(), 50, leaseMillis);
    }

    /** Prepares the HTTP request for one delivery: URL, JSON body and the three Standard Webhooks headers. */
    public void prepare(Exchange exchange) {
        Delivery d = exchange.getIn().getBody(Delivery.class);
        exchange.setProperty(DELIVERY, d);
        long timestamp = clock.millis() / 1000;
        Message in = exchange.getIn();
        in.removeHeaders("*");
        if (d.url().startsWith(SNS_PREFIX)) {
            exchange.setProperty(SNS_TOPIC, d.url().substring(SNS_PREFIX.length()));
            in.setHeader("eventType", d.type());
            in.setHeader("assetId", d.assetId());
            in.setHeader("webhookId", d.eventId());
            in.setBody(d.payload());
            return;
        }
        in.setHeader(Exchange.HTTP_URI, d.url());
        in.setHeader(Exchange.HTTP_METHOD, "POST");
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        in.setHeader("webhook-id", d.eventId());
        in.setHeader("webhook-timestamp", String.valueOf(timestamp));
        in.setHeader("webhook-signature", signer.sign(d.eventId(), timestamp, d.payload()));
        in.setHeader("User-Agent", "Caravan-Webhooks/1");
        in.setBody(d.payload());
    }

    public void delivered(Exchange exchange) {
        CrashPoints.reached(CrashPoints.WEBHOOK_SENT);
        outbox.delivered(exchange.getProperty(DELIVERY, Delivery.class), clock.millis());
    }

    /** Called by the delivery route's dead-letter step; never throws, so a bad receiver cannot affect anything else. */
    public void failed(Exchange exchange) {
        Delivery d = exchange.getProperty(DELIVERY, Delivery.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = cause == null ? "unknown error" : describe(cause);
        int round = d.attempts() + 1;
        long next = round >= maxRounds ? -1 : clock.millis() + Math.min(maxRetryDelayMillis, retryBaseMillis * (1L << Math.min(round, 16)));
        outbox.attemptFailed(d, error, next);
    }

    private static String describe(Throwable cause) {
        if (cause instanceof org.apache.camel.http.base.HttpOperationFailedException h) {
            return "HTTP " + h.getStatusCode();
        }
        return cause.getClass().getSimpleName();
    }
}
