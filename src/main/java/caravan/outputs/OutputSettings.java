package caravan.outputs;

import caravan.Settings;
import caravan.transcode.Ladder;

/**
 * The operator's choices for the outputs beside the ladder, checked when Caravan starts.
 *
 * @param thumbnailSeconds  one thumbnail every this many seconds; 0 for none
 * @param storyboardSeconds one storyboard tile every this many seconds; 0 for no storyboard
 * @param downloadRung      the rung offered as an MP4 download, or null for none
 */
public record OutputSettings(double thumbnailSeconds, double storyboardSeconds, String downloadRung) {

    public OutputSettings {
        if (thumbnailSeconds < 0 || storyboardSeconds < 0 || Double.isNaN(thumbnailSeconds) || Double.isNaN(storyboardSeconds)) {
            throw new IllegalArgumentException("Settings caravan.outputs.thumbnailSeconds and caravan.outputs.storyboardSeconds"
                    + " must be 0 (none) or a number of seconds");
        }
        if (thumbnailSeconds > 0 && thumbnailSeconds < 1 || storyboardSeconds > 0 && storyboardSeconds < 1) {
            throw new IllegalArgumentException("Settings caravan.outputs.thumbnailSeconds and caravan.outputs.storyboardSeconds"
                    + " must be at least 1 second (or 0 for none)");
        }
        downloadRung = downloadRung == null || downloadRung.isBlank() ? null : downloadRung.trim();
    }

    /** Read once at start; the ladder check follows with {@link #checkedAgainst}. */
    public static OutputSettings from(Settings s) {
        return new OutputSettings(s.decimalAtLeast("caravan.outputs.thumbnailSeconds", 0), s.decimalAtLeast("caravan.outputs.storyboardSeconds", 0),
                s.optional("caravan.outputs.downloadRung").orElse(null));
    }

    /** Stops the start if the download rung is not a rung of the ladder. */
    public OutputSettings checkedAgainst(Ladder ladder) {
        if (downloadRung != null && ladder.rungs().stream().noneMatch(r -> r.name().equals(downloadRung))) {
            throw new IllegalArgumentException("Setting caravan.outputs.downloadRung must be the name of a ladder rung ("
                    + String.join(", ", ladder.rungs().stream().map(Ladder.Rung::name).toList()) + ") or empty for none"
                    + " (got '" + downloadRung + "')");
        }
        return this;
    }
}
