package caravan.imports;

import caravan.keys.SealedElsewhere;

import java.util.List;
import java.util.Optional;

/**
 * Where imports and their lines are kept: the embedded database locally ({@link SqliteImports}), the shared table on
 * AWS ({@link DynamoImports}), so an import outlives the worker that received its manifest. Every change of a line's
 * state is one conditional write: a line is claimed for feeding by exactly one caller, however many workers try.
 * The metadata of lines not fed yet is sealed under a master key version ({@link SealedElsewhere}).
 */
public interface Imports extends SealedElsewhere {

    /** An import's stored header: when it was first posted and how many lines its manifest had. */
    record ImportRecord(String importId, long createdAt, int lines) {
    }

    /** Records a new import with all its lines; false (and no line written) if it exists already. */
    boolean create(String importId, long now, List<ImportItem> items);

    Optional<ImportRecord> find(String importId);

    /** The newest imports first, at most {@code limit}. */
    List<String> newest(int limit);

    /** Every line of an import, in manifest order. */
    List<ImportItem> items(String importId);

    /** One line, read afresh. */
    Optional<ImportItem> item(String importId, int line);

    /** Lines in this state across every import, oldest import first, in manifest order. */
    List<ImportItem> inState(ItemState state, int limit);

    /**
     * Claims a QUEUED line for feeding as this asset (the id is recorded before the asset exists, so a crash reuses
     * it): true for exactly one caller; false if the line is no longer QUEUED.
     */
    boolean claim(ImportItem item, String assetId, long now);

    /**
     * Takes over a FEEDING line whose feeder is gone, under the asset id it was given: true only if the line is still
     * FEEDING with the {@code fedAt} the caller read (one of several callers wins).
     */
    boolean reclaim(ImportItem item, long now);

    /** The line's asset is recorded and on its way through the pipeline. */
    void inPipeline(ImportItem item);

    /** An outcome: READY (with the media's duration), FAILED or SKIPPED_ALREADY_IMPORTED (with the asset it found). */
    void finish(ImportItem item, ItemState state, String assetId, String errorCode, String reason, Double mediaSeconds, long now);
}
