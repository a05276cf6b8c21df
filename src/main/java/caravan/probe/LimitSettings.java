package caravan.probe;

import caravan.Settings;

/**
 * What an upload may be: the demuxers ffprobe and ffmpeg may use, the size limits, and whether identical content is
 * linked to an earlier asset instead of transcoded again.
 */
public record LimitSettings(String formats, MediaLimits media, boolean linkDuplicates) {

    public static LimitSettings from(Settings s) {
        return new LimitSettings(s.text("caravan.probe.formats"), new MediaLimits(s.decimalAtLeast("caravan.limits.maxDurationSeconds", 0),
                s.wholeAtLeast("caravan.limits.maxPixels", 1), s.wholeAtLeast("caravan.limits.maxFileBytes", 1)),
                s.flag("caravan.duplicates.link"));
    }
}
