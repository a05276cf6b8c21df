package caravan.asset;

/** Where an asset is in the pipeline. READY, FAILED and DUPLICATE are outcomes; the rest are stages. */
public enum AssetStatus {
    RECEIVED, PROBING, TRANSCODING, PUBLISHING, READY, FAILED, DUPLICATE;

    public boolean isOutcome() {
        return this == READY || this == FAILED || this == DUPLICATE;
    }
}
