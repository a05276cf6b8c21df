package caravan.transcode;

import caravan.asset.Asset;

/**
 * What the one transcode pass does to an asset's audio before it is split per rung (loudness normalisation, from the
 * loudness stage, which implements this so that the two packages do not import each other).
 */
@FunctionalInterface
public interface AudioChain {
    AudioChain NONE = (asset, audio) -> null;

    /** The asset's audio filters for this ladder's audio, or {@code null} to encode the audio as it is. */
    Filters plan(Asset asset, Ladder.Audio audio);

    /**
     * {@code chain}: filters (no labels) from the decoded audio to what every rung encodes, ending at the ladder's
     * sample rate and channels; {@code meter}: filters (no labels) fed one more copy of the result, ending in a sink,
     * or {@code null}. Relative file names in them are in the asset's work folder, where the pass runs.
     */
    record Filters(String chain, String meter) {
    }
}
