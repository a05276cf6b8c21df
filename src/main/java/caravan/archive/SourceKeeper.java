package caravan.archive;

import caravan.asset.Asset;

import java.io.IOException;

/**
 * What happens to an upload's source (and sidecar) after its outcome: kept with an error report when it failed,
 * archived when it is done, and brought back into the work folder when a failed asset is retried.
 * Locally these are folders ({@code failed/}, {@code archive/}); on AWS, prefixes and tags in the ingest bucket.
 */
public interface SourceKeeper {

    /**
     * Where {@link #keepFailed} puts this asset's source: known before anything moves, so it is recorded first and a
     * crash in between never loses where the file went. Every failed asset has a place of its own.
     */
    String failedLocation(Asset asset);

    /** Keeps the failed source (and sidecar, captions) at {@link #failedLocation} with {@code report} beside it. */
    void keepFailed(Asset asset, byte[] report) throws IOException;

    /** The asset reached READY or DUPLICATE: archive its source and clear its work folder. */
    void archive(Asset asset) throws IOException;

    /** Puts a kept source back into the asset's work folder for a retry; false if it is no longer kept. */
    boolean restore(Asset asset) throws IOException;
}
