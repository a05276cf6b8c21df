package caravan.store;

/**
 * The upload's asset is being worked on right now (another worker, or another consumer of this one, holds it):
 * its message is left on the queue to come back later, by which time the asset has its outcome or its worker is
 * known to be gone.
 */
public class AssetBusy extends RuntimeException {
    public AssetBusy(String assetId) {
        super("Asset " + assetId + " is in progress elsewhere; its message will come back", null, false, false);
    }
}
