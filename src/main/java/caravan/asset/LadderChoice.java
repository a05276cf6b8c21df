package caravan.asset;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The ladder chosen for this video ({@code caravan.ladder.mode=per-title}, docs/ladders.md) and why: the measured
 * {@code complexity} (bits per pixel per frame x264 spent on the analysed windows at the top rung's configured bitrate:
 * a slide deck spends a few thousandths, noise a tenth), how many seconds were analysed, per rung the configured and
 * chosen bitrate with the SSIM measured at each, the rungs left out, and the video bytes saved against the configured
 * ladder, estimated from the analysis's own encodes over the whole duration.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LadderChoice(String mode, double complexity, double analysedSeconds, List<Rung> rungs, List<String> dropped,
                           long estimatedBytesSaved) {

    public LadderChoice {
        rungs = rungs == null ? List.of() : List.copyOf(rungs);
        dropped = dropped == null ? List.of() : List.copyOf(dropped);
    }

    /**
     * One rung: its bitrates (kb/s) as configured and as chosen, the SSIM the analysis measured at the configured bitrate
     * and expects at the chosen one, and the SSIM it had to reach (the lower of the operator's target and the configured
     * bitrate's SSIM less the tolerance).
     */
    public record Rung(String name, int configuredKbps, int chosenKbps, double ssimAtConfigured, double ssimExpected,
                       double ssimNeeded) {
    }

    /** The chosen bitrate of a rung kept in the ladder, if this choice names it. */
    public Integer chosenKbps(String rung) {
        if (dropped.contains(rung)) {
            return null;
        }
        return rungs.stream().filter(r -> r.name().equals(rung)).map(Rung::chosenKbps).findFirst().orElse(null);
    }
}
