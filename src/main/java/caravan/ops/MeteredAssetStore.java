package caravan.ops;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.store.AlongsideWrites;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The asset store, watched: every change of an asset's status is a pipeline event, so the lifecycle metrics are
 * counted here, where the status changes, rather than in each stage. A metrics failure never fails the update.
 */
public final class MeteredAssetStore implements AssetStore {
    private static final Logger LOG = LoggerFactory.getLogger(MeteredAssetStore.class);

    private final AssetStore store;
    private final PipelineMetrics metrics;
    private final DataFolders folders;

    public MeteredAssetStore(AssetStore store, PipelineMetrics metrics, DataFolders folders) {
        this.store = store;
        this.metrics = metrics;
        this.folders = folders;
    }

    @Override
    public void create(Asset asset) {
        store.create(asset);
        observe(() -> metrics.assetReceived(asset.getSource() == null ? 0 : asset.getSource().size()));
    }

    @Override
    public Asset update(String id, Consumer<Asset> change) {
        return update(id, change, null);
    }

    @Override
    public Asset update(String id, Consumer<Asset> change, AlongsideWrites alongside) {
        AssetStatus[] before = new AssetStatus[1];
        Consumer<Asset> watched = a -> {
            before[0] = a.getStatus();
            change.accept(a);
        };
        Asset after = alongside == null ? store.update(id, watched) : store.update(id, watched, alongside);
        if (before[0] != after.getStatus()) {
            observe(() -> transition(after));
        }
        return after;
    }

    private void transition(Asset asset) {
        String engine = asset.getEngineJob() == null ? null : asset.getEngineJob().engine();
        switch (asset.getStatus()) {
            case PROBING -> metrics.jobStarted();
            case READY -> metrics.assetReady(engine, asset.getTimeToReadyMs() == null ? null : Duration.ofMillis(asset.getTimeToReadyMs()),
                    folders.published(asset.getId()));
            case DUPLICATE -> metrics.assetDuplicate(engine);
            case FAILED -> metrics.assetFailed(engine, asset.getError() == null ? null : asset.getError().code());
            default -> {
            }
        }
    }

    private static void observe(Runnable recording) {
        try {
            recording.run();
        } catch (RuntimeException e) {
            LOG.debug("Could not record a metric", e);
        }
    }

    @Override
    public Optional<Asset> find(String id) {
        return store.find(id);
    }

    @Override
    public List<Asset> query(caravan.store.AssetQuery query) {
        return store.query(query);
    }

    @Override
    public List<Asset> findByStatus(Set<AssetStatus> statuses) {
        return store.findByStatus(statuses);
    }

    @Override
    public List<Asset> findEnded(java.time.Instant from, java.time.Instant to) {
        return store.findEnded(from, to);
    }

    @Override
    public Optional<Asset> findBySha256(String sha256, String exceptId, Set<AssetStatus> statuses) {
        return store.findBySha256(sha256, exceptId, statuses);
    }

    @Override
    public Optional<Asset> findByExternalId(String externalId) {
        return store.findByExternalId(externalId);
    }

    @Override
    public Map<AssetStatus, Long> countByStatus() {
        return store.countByStatus();
    }

    @Override
    public void ping() {
        store.ping();
    }

    @Override
    public void close() {
        store.close();
    }
}
