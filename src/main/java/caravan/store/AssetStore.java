package caravan.store;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

    /**
     * Applies the change and writes what it causes: in the same transaction where the store can (DynamoDB),
     * otherwise right after the change.
     */
    default Asset update(String id, Consumer<Asset> change, AlongsideWrites alongside) {
        Asset changed = update(id, change);
        alongside.afterWrite(changed);
        return changed;
    }

    /** Newest first. {@code after} is the id of the last asset of the previous page, or null for the first page. */
    default List<Asset> list(int limit, String after) {
        return query(AssetQuery.newest(limit, after));
    }

    /**
     * One page of assets in the query's statuses whose title, source name or id contains its text, in its order,
     * after the asset {@code after}; every asset once across the pages, none in two.
     */
    List<Asset> query(AssetQuery query);

    List<Asset> findByStatus(Set<AssetStatus> statuses);

    /** The oldest asset with this content hash other than {@code exceptId}, whose status is one of {@code statuses}. */
    Optional<Asset> findBySha256(String sha256, String exceptId, Set<AssetStatus> statuses);

    /**
     * The assets that ended in {@code [from, to)} ({@link #endedAt}): READY or FAILED, through an index, oldest first,
     * for the cost of a period.
     */
    List<Asset> findEnded(Instant from, Instant to);

    /** When an asset ended: READY at its ready time, FAILED at its last change; null while it has not. */
    static Instant endedAt(Asset a) {
        return switch (a.getStatus()) {
            case READY -> a.getReadyAt();
            case FAILED -> a.getUpdatedAt();
            default -> null;
        };
    }

    /** The first asset given this external id (the caller's own id: {@link Asset#getExternalId()}), if any. */
    Optional<Asset> findByExternalId(String externalId);

    /** How many assets are in each status; statuses without assets may be missing. */
    default Map<AssetStatus, Long> countByStatus() {
        Map<AssetStatus, Long> counts = new EnumMap<>(AssetStatus.class);
        for (Asset a : findByStatus(EnumSet.allOf(AssetStatus.class))) {
            counts.merge(a.getStatus(), 1L, Long::sum);
        }
        return counts;
    }

    /** Returns if the store can be read and written right now, throws otherwise (for the readiness check). */
    default void ping() {
        list(1, null);
    }

    @Override
    void close();
}
