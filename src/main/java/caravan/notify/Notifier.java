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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Turns an asset's milestones into events ({@code {"type", "timestamp", "data"}}, as Standard Webhooks
 * recommends) and puts them in the outbox, once per asset and type, for every configured webhook URL, then tells
 * the outbox's poll there is work ({@code recorded}), so a delivery leaves at once instead of at the next poll.
 * Each newly recorded event is also handed to {@code listener} (the operator's YAML routes), which must not block.
 */
public final class Notifier {
    private final Outbox outbox;
    private final List<String> urls;
    private final Clock clock;
    private final Runnable recorded;
    private final Consumer<Event> listener;

    public Notifier(Outbox outbox, List<String> urls, Clock clock, Runnable recorded) {
        this(outbox, urls, clock, recorded, event -> { });
    }

    public Notifier(Outbox outbox, List<String> urls, Clock clock, Runnable recorded, Consumer<Event> listener) {
        this.outbox = outbox;
        this.urls = List.copyOf(urls);
        this.clock = clock;
        this.recorded = recorded;
        this.listener = listener;
    }

    public void emit(Asset asset, String type) {
        Event event = event(asset, type);
        boolean recordedNow = outbox.record(event, urls);
        recorded.run();
        if (recordedNow) {
            listener.accept(event);
        }
    }

    /**
     * An outcome: applies the asset's change and records its event with it, in one transaction where the outbox
     * shares the store's table (so the outcome never exists without its event), else right after the change.
     */
    public Asset recordOutcome(AssetStore store, String assetId, Consumer<Asset> change, String type) {
        AtomicReference<Event> made = new AtomicReference<>();
        Asset changed = store.update(assetId, change, outbox.alongside(a -> {
            Event event = event(a, type);
            made.set(event);
            return event;
        }, urls));
        CrashPoints.reached(CrashPoints.OUTCOME_RECORDED);
        recorded.run();
        if (made.get() != null) {
            listener.accept(made.get());
        }
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
