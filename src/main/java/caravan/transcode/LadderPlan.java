package caravan.transcode;

import java.util.List;

/**
 * What to encode for one asset: the rungs that fit the source (never upscaled, in its displayed orientation and
 * shape, with square pixels) and the conversions the source needs (deinterlacing, frame rate, colour). The transcode
 * step executes a plan; it makes no policy.
 */
public record LadderPlan(List<PlannedRung> rungs, boolean audio, double frameRate, boolean deinterlace,
                         Ladder ladder, ColourConversion colour) {

    public LadderPlan {
        colour = colour == null ? ColourConversion.NONE : colour;
    }

    /** A plan for a source already in BT.709 limited range. */
    public LadderPlan(List<PlannedRung> rungs, boolean audio, double frameRate, boolean deinterlace, Ladder ladder) {
        this(rungs, audio, frameRate, deinterlace, ladder, ColourConversion.NONE);
    }

    public record PlannedRung(String name, int width, int height, int videoKbps) {
        public int maxKbps() {
            return videoKbps * 107 / 100;
        }

        public int bufferKbps() {
            return videoKbps * 3 / 2;
        }
    }

    public boolean video() {
        return !rungs.isEmpty();
    }

    public int gopFrames() {
        return (int) Math.round(frameRate * ladder.video().gopSeconds());
    }
}
