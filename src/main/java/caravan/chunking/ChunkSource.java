package caravan.chunking;

import caravan.asset.Asset;

import java.io.IOException;
import java.util.List;

/**
 * How a worker's ffmpeg opens an asset's source for one work item: the file in the asset's work folder (one machine),
 * or on AWS the file when this worker fetched it, else the ingest bucket's object through a signed URL, read with range
 * requests from the chunk's place on (no worker downloads a whole source for one chunk).
 */
@FunctionalInterface
public interface ChunkSource {
    /** The options that go before {@code -i} and the input itself; {@code redacted} is what logs may show of it. */
    record Input(List<String> options, String source, String redacted) {
    }

    Input open(Asset asset) throws IOException;

    /** Before the run's items are queued: makes the source readable by every worker that may take one. */
    default void share(Asset asset) throws IOException {
    }

    /**
     * After the run is on record, before its items are queued: this worker's copy of the source is let go when every
     * item can read the source elsewhere, so no worker's disk keeps a source for a run that another worker finishes.
     */
    default void release(String assetId) throws IOException {
    }

    /**
     * On the worker that stitches, before the whole-asset steps: the source file in this worker's work folder when one
     * of those steps reads it (the extraction of embedded text subtitles) and it is not here yet.
     */
    default void fetchForOutputs(String assetId) throws IOException {
    }

    /**
     * Before a failed asset's source is kept: a source only this run's shared copy holds (an import on AWS, whose
     * worker let its copy go) is fetched to this worker, so the failure keeps it. Never throws: the failure is recorded
     * whatever happens here.
     */
    default void fetchToKeep(String assetId) {
    }
}
