package caravan.imports;

import caravan.asset.Asset;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * The backlog lane ({@code import-feeder}): on each tick, records the outcome of the lines whose assets finished, then
 * hands the pipeline as many waiting lines as {@link LiveLane} has free workers for, oldest import first, in manifest
 * order. Lines caught mid-feed by a crash come first, under the asset id they were given.
 */
public final class ImportFeeder {
    private static final Logger LOG = LoggerFactory.getLogger(ImportFeeder.class);
    /** Lines looked at per tick at most (skipped lines take no worker, so many may pass in one tick). */
    private static final int PER_TICK = 200;

    private final Imports imports;
    private final ItemIntake intake;
    private final AssetStore store;
    private final IntSupplier freeWorkers;
    private final Clock clock;
    private final long settleMillis;
    private long settledAt = Long.MIN_VALUE;

    /**
     * @param freeWorkers how many lines the pipeline may take now ({@link LiveLane#freeWorkers()} locally; on AWS
     *                    none: lines go through the backlog queue, and this feeder only settles their outcomes)
     */
    public ImportFeeder(Imports imports, ItemIntake intake, AssetStore store, IntSupplier freeWorkers, Clock clock) {
        this(imports, intake, store, freeWorkers, clock, 0);
    }

    /** ... recording outcomes at most every {@code settleMillis} (0: on every tick). */
    public ImportFeeder(Imports imports, ItemIntake intake, AssetStore store, IntSupplier freeWorkers, Clock clock, long settleMillis) {
        this.settleMillis = settleMillis;
        this.imports = imports;
        this.intake = intake;
        this.store = store;
        this.freeWorkers = freeWorkers;
        this.clock = clock;
    }

    /** The asset ids to queue for the pipeline now (often none). */
    public synchronized List<String> next() {
        long now = clock.millis();
        if (settledAt == Long.MIN_VALUE || now - settledAt >= settleMillis) {
            settledAt = now;
            settle();
        }
        List<String> queue = new ArrayList<>();
        int free = freeWorkers.getAsInt();
        int looked = 0;
        while (free > queue.size() && looked < PER_TICK) {
            List<ImportItem> waiting = imports.inState(ItemState.FEEDING, 1);
            if (waiting.isEmpty()) {
                waiting = imports.inState(ItemState.QUEUED, 1);
            }
            if (waiting.isEmpty()) {
                break;
            }
            looked++;
            ImportItem item = waiting.get(0);
            try {
                intake.feed(item).ifPresent(queue::add);
            } catch (RuntimeException e) {
                LOG.error("Import {} line {} could not be fed; it stays where it is and is tried again", item.importId(), item.line(), e);
                break;
            }
        }
        return queue;
    }

    /** Lines whose assets reached an outcome get theirs: READY (with its duration), FAILED (with its code), or DUPLICATE. */
    void settle() {
        for (ImportItem item : imports.inState(ItemState.IN_PIPELINE, 10_000)) {
            Optional<Asset> found = store.find(item.assetId());
            if (found.isEmpty()) {
                continue;
            }
            Asset a = found.get();
            long now = clock.millis();
            switch (a.getStatus()) {
                case READY -> imports.finish(item, ItemState.READY, a.getId(), null, null,
                        a.getProbe() == null ? null : a.getProbe().durationSeconds(), now);
                case FAILED -> imports.finish(item, ItemState.FAILED, a.getId(),
                        a.getError() == null ? null : a.getError().code(), a.getError() == null ? null : a.getError().message(), null, now);
                case DUPLICATE -> imports.finish(item, ItemState.SKIPPED_ALREADY_IMPORTED, a.getDuplicateOf(), null,
                        "The pipeline found an asset with the same content already here.", null, now);
                default -> {
                    // still on its way
                }
            }
        }
    }
}
