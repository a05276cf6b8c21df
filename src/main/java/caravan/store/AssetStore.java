package caravan.store;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where asset records live. Every implementation passes {@code AssetStoreContract}:
 * records survive a restart, and {@link #update} is atomic (no lost update between two writers).
 */
public interface AssetStore extends AutoCloseable {

    /** Adds a new asset; fails with {@link IllegalStateException} if the id exists. */
    void create(Asset asset);

    Optional<Asset> find(String id);

    /** Applies the change to the current record atomically and returns the stored result. */
    Asset update(String id, Consumer<Asset> change);

    /** Newest first. {@code after} is the id of the last asset of the previous page, or null for the first page. */
    List<Asset> list(int limit, String after);

    List<Asset> findByStatus(Set<AssetStatus> statuses);

    /** The oldest asset with this content hash other than {@code exceptId}, whose status is one of {@code statuses}. */
    Optional<Asset> findBySha256(String sha256, String exceptId, Set<AssetStatus> statuses);

    @Override
    void close();
}
