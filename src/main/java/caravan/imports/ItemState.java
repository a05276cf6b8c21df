package caravan.imports;

/**
 * Where one manifest line stands. QUEUED, FEEDING (an asset id chosen, the source being copied in) and IN_PIPELINE
 * are on the way; READY, FAILED, SKIPPED_ALREADY_IMPORTED and REJECTED are outcomes, as the report names them.
 */
public enum ItemState {
    QUEUED, FEEDING, IN_PIPELINE, READY, FAILED, SKIPPED_ALREADY_IMPORTED, REJECTED;

    public boolean isOutcome() {
        return this == READY || this == FAILED || this == SKIPPED_ALREADY_IMPORTED || this == REJECTED;
    }
}
