package caravan.ingest;

import java.io.IOException;

/**
 * A video is taken as soon as it is complete, never held back waiting for its sidecar. A sidecar (and, in the
 * inbox, caption files) that arrives while the video is in the pipeline is paired here, after the transcode and
 * before anything is published: it joins the asset's work folder and is applied like one paired at intake (its
 * protected fields sealed, its schema checked). A sidecar paired at intake is never replaced.
 */
public interface LatePairing {
    void pair(String assetId) throws IOException, InterruptedException;
}
