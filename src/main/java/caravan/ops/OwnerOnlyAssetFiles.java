package caravan.ops;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.store.AlongsideWrites;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The asset store, watched: at every change of an asset's status its files under the data folder (work, published
 * media, archived source and sidecar, and for a failure the kept files) are made owner-only, files 0600 and folders
 * 0700. ffmpeg writes with the process's umask and a move keeps the uploader's mode, so without this a copy of the
 * data folder (a backup, an rsync) would carry world-readable patients' files. The data folder itself is 0700 from
 * the start ({@link DataFolders}), so this narrows modes, it is not what keeps other accounts out. A failure here
 * is logged and never fails the update.
 */
public final class OwnerOnlyAssetFiles implements AssetStore {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerOnlyAssetFiles.class);

    private final AssetStore store;
    private final DataFolders folders;

    public OwnerOnlyAssetFiles(AssetStore store, DataFolders folders) {
        this.store = store;
        this.folders = folders;
    }

    @Override
    public void create(Asset asset) {
        store.create(asset);
        restrict(asset);
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
            restrict(after);
        }
        return after;
    }

    private void restrict(Asset asset) {
        String id = asset.getId();
        try {
            DataFolders.restrict(folders.workDir(id));
            DataFolders.restrict(folders.published(id));
            DataFolders.restrict(folders.archive().resolve(id));
            if (asset.getStatus() == AssetStatus.FAILED) {
                DataFolders.restrict(folders.failed());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not make the files of asset {} owner-only: {}", id, e.toString());
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
