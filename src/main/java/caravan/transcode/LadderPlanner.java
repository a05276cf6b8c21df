package caravan.transcode;

import caravan.asset.Asset;
import caravan.asset.LadderChoice;
import caravan.asset.ProbeSummary;
import caravan.transcode.LadderPlan.PlannedRung;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits the ladder to a probed source: rungs no larger than the source's short side, sized in the displayed
 * orientation and shape (an anamorphic source by its display size, for square pixels) with even dimensions; a constant frame rate capped by the ladder; deinterlacing when needed.
 * A source smaller than a configured rung keeps its own size: a rung at the source's (even-rounded) size becomes
 * the top, its bitrate the next larger rung's scaled by pixel count, unless a rung that fits is already within
 * {@value #NEAR_NATIVE} of it. The colour conversion comes from {@link ColourConversion}.
 */
public final class LadderPlanner {
    private static final double DEFAULT_FRAME_RATE = 30;
    /** A fitting rung this close to the source's own size already keeps it; a native rung would look the same. */
    static final double NEAR_NATIVE = 0.9;

    private LadderPlanner() {
    }

    /**
     * The asset's plan: fitted to its probe, with the bitrates and rungs of its per-title choice if it has one (every
     * stage that reads the plan sees the same rungs, in the same order, as the transcode encoded).
     */
    public static LadderPlan plan(Asset asset, Ladder ladder) {
        return chosen(plan(asset.getProbe(), ladder), asset.getLadderChoice());
    }

    /** The plan with a per-title choice applied: the chosen rungs at their chosen bitrates (never above the plan's). */
    static LadderPlan chosen(LadderPlan plan, LadderChoice choice) {
        if (choice == null || choice.rungs().isEmpty()) {
            return plan;
        }
        List<PlannedRung> rungs = new ArrayList<>();
        for (PlannedRung r : plan.rungs()) {
            boolean named = choice.rungs().stream().anyMatch(c -> c.name().equals(r.name()));
            Integer kbps = choice.chosenKbps(r.name());
            if (!named) {
                rungs.add(r);
            } else if (kbps != null) {
                rungs.add(new PlannedRung(r.name(), r.width(), r.height(), Math.min(r.videoKbps(), kbps)));
            }
        }
        if (rungs.isEmpty()) {
            return plan; // a choice never leaves a video without a picture
        }
        return new LadderPlan(List.copyOf(rungs), plan.audio(), plan.frameRate(), plan.deinterlace(), plan.ladder(), plan.colour());
    }

    public static LadderPlan plan(ProbeSummary probe, Ladder ladder) {
        List<PlannedRung> rungs = new ArrayList<>();
        double fps = 0;
        boolean deinterlace = false;
        ColourConversion colour = ColourConversion.NONE;
        if (probe.hasVideo()) {
            ProbeSummary.VideoInfo v = probe.video();
            int width = Math.max(2, v.displayWidth());
            int height = Math.max(2, v.displayHeight());
            int shortSide = Math.min(width, height);
            int longSide = Math.max(width, height);
            boolean portrait = height > width;
            Ladder.Rung smallestTooLarge = null;
            int largestFitting = 0;
            for (Ladder.Rung rung : ladder.rungs()) {
                if (rung.height() <= shortSide) {
                    rungs.add(sized(rung.name(), rung.height(), shortSide, longSide, portrait, rung.videoKbps()));
                    largestFitting = Math.max(largestFitting, rung.height());
                } else if (smallestTooLarge == null || rung.height() < smallestTooLarge.height()) {
                    smallestTooLarge = rung;
                }
            }
            if (smallestTooLarge != null && largestFitting < NEAR_NATIVE * shortSide) {
                int nativeShort = Math.max(2, shortSide & ~1);
                double pixels = (double) nativeShort / smallestTooLarge.height();
                int kbps = Math.max(1, (int) Math.round(smallestTooLarge.videoKbps() * pixels * pixels));
                String name = nativeShort + "p";
                boolean taken = ladder.rungs().stream().anyMatch(r -> r.name().equals(name));
                rungs.add(0, sized(taken ? name + "-native" : name, nativeShort, shortSide, longSide, portrait, kbps));
            }
            fps = frameRate(v.frameRate(), ladder.video().maxFrameRate());
            deinterlace = v.interlaced();
            colour = ColourConversion.of(v);
        }
        return new LadderPlan(List.copyOf(rungs), probe.hasAudio(), fps, deinterlace, ladder, colour);
    }

    /** Even dimensions, and never a pixel more than the source (rounding to even must not upscale). */
    private static PlannedRung sized(String name, int targetShort, int shortSide, int longSide, boolean portrait, int kbps) {
        int s = Math.min(even(targetShort), Math.max(2, shortSide & ~1));
        int l = Math.min(even((double) targetShort * longSide / shortSide), Math.max(2, longSide & ~1));
        return portrait ? new PlannedRung(name, s, l, kbps) : new PlannedRung(name, l, s, kbps);
    }

    private static int even(double size) {
        return Math.max(2, (int) Math.round(size / 2) * 2);
    }

    /** Common rates stay exact (29.97 stays 30000/1001); anything above the cap is capped; unknown becomes 30. */
    static double frameRate(double source, int cap) {
        if (source <= 0 || Double.isNaN(source)) {
            return Math.min(DEFAULT_FRAME_RATE, cap);
        }
        return Math.min(source, cap);
    }
}
