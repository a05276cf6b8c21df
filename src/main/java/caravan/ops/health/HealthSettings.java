package caravan.ops.health;

import caravan.Settings;

/** Readiness: the free space the data folder's disk must keep, and how often ffmpeg/ffprobe are re-run. */
public record HealthSettings(long minFreeBytes, long toolsRecheckMillis) {

    public static HealthSettings from(Settings s) {
        return new HealthSettings(s.wholeAtLeast("caravan.health.minFreeBytes", 0), s.wholeAtLeast("caravan.health.toolsRecheckMillis", 0));
    }
}
