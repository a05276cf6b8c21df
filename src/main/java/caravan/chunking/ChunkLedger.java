package caravan.chunking;

import java.util.Optional;
import java.util.Set;

/**
 * Which work items of an asset's split-and-stitch run are done, shared by every worker that takes one: the SQLite
 * database on one machine, the DynamoDB table on AWS (conditional writes). A run is the asset's {@code run} number
 * when its chunks were dispatched; a newer run of the same asset makes the older one's items stale. Exactly one item
 * of a run is the stitcher: the one whose {@link #done} first found every item done; the same item reporting done
 * again (its message redelivered after a crash while stitching) is told to stitch again, any other is not.
 */
public interface ChunkLedger {

    /** Starts run {@code run} of {@code items} items for the asset, forgetting any earlier run of it. Idempotent. */
    void begin(String assetId, int run, int items);

    /** Records item {@code item} of run {@code run} done; what the caller does next. */
    Completion done(String assetId, int run, int item);

    /**
     * Records that item {@code item} of run {@code run} failed for good. True for the first failure of the run only
     * (the caller then fails the asset, once); false for any later failure, or for a run that is not the current one.
     * After a failure, {@link #done} answers {@link Completion#STALE}.
     */
    boolean fail(String assetId, int run, int item);

    /** The asset's current run, if it has one. */
    Optional<ChunkRun> find(String assetId);

    /** Forgets the asset's run (after publishing, or when the asset is deleted). */
    void forget(String assetId);

    enum Completion {
        /** Other items of the run are still to do. */
        MORE,
        /** Every item is done and this item is the stitcher: stitch and publish. */
        LAST,
        /** Every item is done and another item is the stitcher. */
        ALREADY,
        /** Not the asset's current run, or the run has failed: drop the item's outputs, do nothing. */
        STALE
    }

    /** A run: its number, item count, the items done, the item that failed (null: none) and the stitcher (null: none yet). */
    record ChunkRun(int run, int items, Set<Integer> done, Integer failedItem, Integer stitcher) {
        public ChunkRun {
            done = Set.copyOf(done);
        }
    }
}
