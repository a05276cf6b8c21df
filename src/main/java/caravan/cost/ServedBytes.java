package caravan.cost;

import caravan.asset.AssetCost;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bytes the local media origin sent, per asset: counted in memory on every response (a player fetches a segment
 * every few seconds, too often for one store write each) and added to the assets' records by {@link #flush}, which
 * a timer calls every {@code caravan.cost.servedFlushMillis}, and once more when Caravan stops. A crash loses at most
 * one interval's counts.
 */
public final class ServedBytes implements org.apache.camel.Service {
    private static final Logger LOG = LoggerFactory.getLogger(ServedBytes.class);

    private final AssetStore store;
    private final CostMetrics metrics;
    private final Map<String, LongAdder> pending = new ConcurrentHashMap<>();

    public ServedBytes(AssetStore store, CostMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    /** The origin sent {@code bytes} of the asset's files (a whole file, or the range asked for). */
    public void sent(String assetId, long bytes) {
        if (bytes > 0) {
            pending.computeIfAbsent(assetId, id -> new LongAdder()).add(bytes);
            metrics.served(bytes);
        }
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not record the last bytes served: {}", e.getClass().getSimpleName());
        }
    }

    /** Adds what was counted since the last flush to each asset's record: one store write per asset served. */
    public void flush() {
        for (String id : pending.keySet()) {
            LongAdder counter = pending.get(id);
            long bytes = counter == null ? 0 : counter.sumThenReset();
            if (bytes == 0) {
                pending.remove(id, counter);
                continue;
            }
            try {
                store.update(id, a -> a.setCost(AssetCost.of(a.getCost()).plusServed(bytes)));
            } catch (RuntimeException e) {
                if (store.find(id).isEmpty()) {
                    pending.remove(id);
                    continue;
                }
                counter.add(bytes); // the next flush tries again
                LOG.warn("Could not record the bytes served for asset {}: {}", id, e.getClass().getSimpleName());
            }
        }
    }
}
