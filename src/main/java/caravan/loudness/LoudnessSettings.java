package caravan.loudness;

import caravan.Settings;

/**
 * Loudness normalisation (EBU R128): on or off, and the target: integrated loudness (LUFS), the true-peak limit
 * (dBTP) and the loudness range (LU) that ffmpeg's {@code loudnorm} is given.
 */
public record LoudnessSettings(boolean normalise, double targetI, double truePeak, double range) {
    static final String NORMALISE = "caravan.loudness.normalise";
    static final String TARGET = "caravan.loudness.targetLufs";
    static final String TRUE_PEAK = "caravan.loudness.truePeakDb";
    static final String RANGE = "caravan.loudness.rangeLu";

    public LoudnessSettings {
        check(TARGET, targetI, -70, -5);
        check(TRUE_PEAK, truePeak, -9, 0);
        check(RANGE, range, 1, 50);
    }

    public static LoudnessSettings from(Settings s) {
        return new LoudnessSettings(s.flag(NORMALISE), s.decimalAtLeast(TARGET, -70), s.decimalAtLeast(TRUE_PEAK, -9),
                s.decimalAtLeast(RANGE, 1));
    }

    /** loudnorm's own limits for these options. */
    private static void check(String key, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw Settings.problem(key, "must be from " + (long) min + " to " + (long) max + " (got " + value + ")");
        }
    }
}
