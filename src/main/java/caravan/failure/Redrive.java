package caravan.failure;

import caravan.archive.NotRetryable;
import caravan.archive.SourceKeeper;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.audit.AuditLog;
import caravan.store.AssetStore;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.time.Clock;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Re-drive: puts a FAILED asset back through the pipeline from its kept source (and sidecar), as a new run of the same asset, and records who asked.
 */
public final class Redrive {
    private final SourceKeeper keeper;
    private final AssetStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final ProducerTemplate producer;

    public Redrive(SourceKeeper keeper, AssetStore store, AuditLog audit, Clock clock, ProducerTemplate producer) {
        this.keeper = keeper;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.producer = producer;
    }

    public synchronized Asset retry(String id, String actor) throws IOException {
        Asset asset = store.find(id).orElseThrow(() -> new NotRetryable("No asset with that id."));
        if (asset.getStatus() != AssetStatus.FAILED) {
            throw new NotRetryable("Only FAILED assets can be retried; this one is " + asset.getStatus() + ".");
        }
        if (!keeper.restore(asset)) {
            throw new NotRetryable("The source of this asset is no longer kept.");
        }
        Asset again = store.update(id, a -> {
            a.setStatus(AssetStatus.RECEIVED);
            a.setError(null);
            a.setProgress(0);
            a.setKeptAt(null);
            a.setRun(a.getRun() + 1);
        });
        audit.append(new AuditLog.AuditEntry(clock.millis(), id, actor, "retry", "accepted", null, "run " + again.getRun()));
        producer.sendBodyAndHeader("seda:pipeline", id, ASSET_ID, id);
        return again;
    }
}
