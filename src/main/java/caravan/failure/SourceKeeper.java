package caravan.failure;

import caravan.asset.Asset;

import java.io.IOException;

/**
 * What happens to an upload's source (and sidecar) after its outcome: kept with an error report when it failed,
 * archived when it is done, and brought back into the work folder when a failed asset is retried.
 * Locally these are folders ({@code failed/}, {@code archive/}); on AWS, prefixes and tags in the ingest bucket.
 */
public interface SourceKeeper {

    /** Keeps the failed source and writes {@code report} beside it; returns where it was kept. */
    String keepFailed(Asset asset, byte[] report) throws IOException;

    /** The asset reached READY or DUPLICATE: archive its source and clear its work folder. */
    void archive(Asset asset) throws IOException;

    /** Puts a kept source back into the asset's work folder for a retry; false if it is no longer kept. */
    boolean restore(Asset asset) throws IOException;
}
