package caravan.notify;

import caravan.CrashPoints;
import caravan.asset.Asset;
import caravan.asset.AssetView;
import caravan.asset.Json;
import caravan.store.AssetStore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns an asset's milestones into events ({@code {"type", "timestamp", "data"}}, as Standard Webhooks
 * recommends) and puts them in the outbox, once per asset and type, for every configured webhook URL, then tells
 * the outbox's poll there is work ({@code recorded}), so a delivery leaves at once instead of at the next poll.
 */
public final class Notifier {
    private final Outbox outbox;
    private final List<String> urls;
    private final Clock clock;
    private final Runnable recorded;

    public Notifier(Outbox outbox, List<String> urls, Clock clock, Runnable recorded) {
        this.outbox = outbox;
        this.urls = List.copyOf(urls);
        this.clock = clock;
        this.recorded = recorded;
    }

    public void emit(Asset asset, String type) {
        outbox.record(event(asset, type), urls);
        recorded.run();
    }

    /**
     * An outcome: applies the asset's change and records its event with it, in one transaction where the outbox
     * shares the store's table (so the outcome never exists without its event), else right after the change.
     */
    public Asset recordOutcome(AssetStore store, String assetId, Consumer<Asset> change, String type) {
        Asset changed = store.update(assetId, change, outbox.alongside(a -> event(a, type), urls));
        CrashPoints.reached(CrashPoints.OUTCOME_RECORDED);
        recorded.run();
        return changed;
    }

    private Event event(Asset asset, String type) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("type", type);
        body.put("timestamp", clock.instant().toString());
        body.set("data", Json.MAPPER.valueToTree(AssetView.of(asset)));
        try {
            return new Event("msg_" + UUID.randomUUID().toString().replace("-", ""), asset.getId(), type, asset.getRun(), clock.millis(),
                    Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
