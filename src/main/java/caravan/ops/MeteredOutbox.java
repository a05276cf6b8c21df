package caravan.ops;

import caravan.notify.Event;
import caravan.notify.Outbox;

import java.util.List;

/** The webhook outbox, watched: each recorded outcome of a delivery attempt is counted. */
public final class MeteredOutbox implements Outbox {
    private final Outbox outbox;
    private final PipelineMetrics metrics;

    public MeteredOutbox(Outbox outbox, PipelineMetrics metrics) {
        this.outbox = outbox;
        this.metrics = metrics;
    }

    @Override
    public boolean record(Event event, List<String> urls) {
        return outbox.record(event, urls);
    }

    @Override
    public caravan.store.AlongsideWrites alongside(java.util.function.Function<caravan.asset.Asset, Event> event, List<String> urls) {
        return outbox.alongside(event, urls);
    }

    @Override
    public List<Delivery> claimDue(long nowMillis, int limit, long leaseMillis) {
        return outbox.claimDue(nowMillis, limit, leaseMillis);
    }

    @Override
    public void delivered(Delivery delivery, long nowMillis) {
        outbox.delivered(delivery, nowMillis);
        metrics.webhookDelivered();
    }

    @Override
    public void attemptFailed(Delivery delivery, String error, long nextAttemptMillis) {
        outbox.attemptFailed(delivery, error, nextAttemptMillis);
        metrics.webhookAttemptFailed(nextAttemptMillis < 0);
    }

    @Override
    public List<Delivery> deliveries(String assetId) {
        return outbox.deliveries(assetId);
    }

    @Override
    public int releaseInFlight(long nowMillis) {
        return outbox.releaseInFlight(nowMillis);
    }

    @Override
    public int resend(String assetId, long nowMillis) {
        return outbox.resend(assetId, nowMillis);
    }
}
