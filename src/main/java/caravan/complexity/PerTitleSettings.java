package caravan.complexity;

import caravan.Settings;

import java.util.List;

/**
 * How the ladder is chosen ({@code caravan.ladder.*}, docs/ladders.md).
 *
 * @param mode          {@link #FIXED}: the configured ladder for every video; {@link #PER_TITLE}: each rung's bitrate
 *                      measured for this video before the one encode
 * @param ssimTargets   the SSIM a rung need not exceed, tallest rung first (the last value applies to the rest); empty:
 *                      none, every rung stays within {@code tolerance} of the configured bitrate's SSIM
 * @param tolerance     how far below the configured bitrate's SSIM a chosen bitrate may measure
 * @param analysisShare the share of the video's duration analysed, in windows of one GOP, from 2 to 4 of them
 */
public record PerTitleSettings(String mode, List<Double> ssimTargets, double tolerance, double analysisShare) {
    public static final String FIXED = "fixed";
    public static final String PER_TITLE = "per-title";
    static final String MODE = "caravan.ladder.mode";
    static final String TARGET = "caravan.ladder.ssimTarget";
    static final String TOLERANCE = "caravan.ladder.ssimTolerance";
    static final String SHARE = "caravan.ladder.analysisShare";

    public PerTitleSettings {
        ssimTargets = List.copyOf(ssimTargets);
        for (double t : ssimTargets) {
            if (!(t > 0 && t <= 1)) {
                throw Settings.problem(TARGET, "must be SSIM values above 0 and at most 1, tallest rung first (got " + t + ")");
            }
        }
        if (!(tolerance >= 0 && tolerance <= 0.1)) {
            throw Settings.problem(TOLERANCE, "must be from 0 to 0.1 (got " + tolerance + ")");
        }
        if (!(analysisShare > 0 && analysisShare <= 1)) {
            throw Settings.problem(SHARE, "must be above 0 and at most 1 (got " + analysisShare + ")");
        }
    }

    public static PerTitleSettings from(Settings s) {
        List<Double> targets = s.list(TARGET).stream().map(v -> {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw Settings.problem(TARGET, "must be SSIM values separated by commas (got '" + v + "')");
            }
        }).toList();
        return new PerTitleSettings(s.choice(MODE, FIXED, PER_TITLE), targets, s.decimalAtLeast(TOLERANCE, 0),
                s.decimalAtLeast(SHARE, 0));
    }

    public boolean perTitle() {
        return PER_TITLE.equals(mode);
    }

    /** The target of the rung at {@code index} (tallest first), or 1 (none) when no target is set. */
    public double targetFor(int index) {
        return ssimTargets.isEmpty() ? 1 : ssimTargets.get(Math.min(index, ssimTargets.size() - 1));
    }
}
