package caravan.notify;

import caravan.asset.Asset;
import caravan.store.AlongsideWrites;

import java.util.List;
import java.util.function.Function;

/**
 * Events waiting to be delivered. An asset emits each event type at most once, whatever restarts happen,
 * and every webhook URL gets its own delivery, retried until it succeeds or is given up.
 */
public interface Outbox {

    /** Records the event and one pending delivery per URL; returns false if this asset already emitted this type in this run. */
    boolean record(Event event, List<String> urls);

    /**
     * The event an asset change causes, for {@code AssetStore.update(id, change, alongside)}: by default recorded
     * right after the change; an outbox in the store's own table adds it to the change's transaction instead, so the
     * outcome never exists without its event.
     */
    default AlongsideWrites alongside(Function<Asset, Event> event, List<String> urls) {
        return new AlongsideWrites() {
            @Override
            public List<software.amazon.awssdk.services.dynamodb.model.TransactWriteItem> items(Asset changed) {
                return List.of();
            }

            @Override
            public void afterWrite(Asset changed) {
                record(event.apply(changed), urls);
            }
        };
    }

    /** Deliveries due now, leased for {@code leaseMillis} so that no other poll takes them meanwhile. */
    List<Delivery> claimDue(long nowMillis, int limit, long leaseMillis);

    void delivered(Delivery delivery, long nowMillis);

    /** After a restart: deliveries that were being sent when the process stopped are due again now. */
    int releaseInFlight(long nowMillis);

    /** A failed attempt: retried at {@code nextAttemptMillis}, or given up (state FAILED) when that is negative. */
    void attemptFailed(Delivery delivery, String error, long nextAttemptMillis);

    List<Delivery> deliveries(String assetId);

    /** Puts the asset's given-up deliveries back in line, due now, with a fresh round count; returns how many. */
    int resend(String assetId, long nowMillis);

    record Delivery(String eventId, String assetId, String type, String url, String payload, long createdAt,
                    String state, int attempts, String lastError) {
    }
}
