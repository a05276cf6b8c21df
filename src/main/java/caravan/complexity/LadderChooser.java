package caravan.complexity;

import caravan.asset.LadderChoice;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks each rung's bitrate from the analysis: the lowest bitrate whose SSIM reaches what the rung needs (the lower of
 * its target and the configured bitrate's SSIM less the tolerance), interpolated between the probes in log-bitrate,
 * never above the configured bitrate nor below the lowest probe. SSIM grows concavely with log-bitrate over this range,
 * so the straight line between two probes lies under the curve: the interpolated bitrate errs on the generous side.
 * Then a rung whose chosen bitrate is within {@value #CLOSE} of the one above it is left out: a player that can
 * carry it can nearly carry the taller rung, which looks better.
 */
public final class LadderChooser {
    /** Rungs closer than this in bitrate are one step for a player. */
    static final double CLOSE = 0.15;
    /** The smallest bitrate a rung is given (kb/s), as in the ladder file. */
    static final int MIN_KBPS = 50;

    private LadderChooser() {
    }

    /**
     * @param rungs    tallest first
     * @param settings targets and tolerance
     * @param seconds  the video's duration, for the bytes saved
     * @param complexity bits per pixel per frame spent at the top rung's configured bitrate
     */
    public static LadderChoice choose(List<RungProbes> rungs, PerTitleSettings settings, double seconds, double complexity,
                                      double analysedSeconds) {
        List<LadderChoice.Rung> chosen = new ArrayList<>();
        double saved = 0;
        List<Double> spent = new ArrayList<>();
        for (int i = 0; i < rungs.size(); i++) {
            RungProbes r = rungs.get(i);
            double needed = Math.min(settings.targetFor(i), r.atConfigured().ssim() - settings.tolerance());
            Pick pick = pick(r, needed);
            chosen.add(new LadderChoice.Rung(r.name(), r.configuredKbps(), pick.kbps, round(r.atConfigured().ssim()),
                    round(pick.ssim), round(needed)));
            spent.add(pick.actualKbps);
        }
        List<String> dropped = dropped(chosen);
        for (int i = 0; i < rungs.size(); i++) {
            double kept = dropped.contains(chosen.get(i).name()) ? 0 : spent.get(i);
            saved += (rungs.get(i).atConfigured().actualKbps() - kept) * 1000 / 8 * seconds;
        }
        return new LadderChoice(PerTitleSettings.PER_TITLE, Math.round(complexity * 10000) / 10000.0,
                Math.round(analysedSeconds * 100) / 100.0, chosen, dropped, Math.round(saved));
    }

    private record Pick(int kbps, double ssim, double actualKbps) {
    }

    /**
     * Down from the configured bitrate, to the first probe that falls short (measurements are not always monotonic).
     * Each probe counts at {@link RungProbes.Point#effectiveKbps()}: a probe that spent more than asked (x264's rate
     * control had not caught up within the windows) bought its SSIM with those bits, as the whole encode would have to.
     */
    static Pick pick(RungProbes r, double needed) {
        List<RungProbes.Point> p = r.points();
        for (int k = 0; k < p.size() - 1; k++) {
            RungProbes.Point hi = p.get(k);
            RungProbes.Point lo = p.get(k + 1);
            if (lo.ssim() >= needed) {
                continue;
            }
            if (hi.ssim() <= needed) {
                return new Pick(nominal(r, hi.effectiveKbps()), hi.ssim(), hi.actualKbps());
            }
            double t = (hi.ssim() - needed) / (hi.ssim() - lo.ssim());
            double kbps = Math.exp(Math.log(hi.effectiveKbps()) - t * (Math.log(hi.effectiveKbps()) - Math.log(lo.effectiveKbps())));
            double actual = Math.exp(Math.log(Math.max(hi.actualKbps(), 1e-3))
                    - t * (Math.log(Math.max(hi.actualKbps(), 1e-3)) - Math.log(Math.max(lo.actualKbps(), 1e-3))));
            return new Pick(nominal(r, kbps), needed, Math.min(actual, hi.actualKbps()));
        }
        RungProbes.Point last = p.get(p.size() - 1);
        return new Pick(nominal(r, last.effectiveKbps()), last.ssim(), last.actualKbps());
    }

    /** A bitrate to ask for: whole kb/s, rounded up, never above the configured one nor below {@value #MIN_KBPS}. */
    private static int nominal(RungProbes r, double kbps) {
        return Math.min(r.configuredKbps(), Math.max(MIN_KBPS, (int) Math.ceil(kbps - 1e-9)));
    }

    /** A rung within {@link #CLOSE} of the bitrate of the kept rung above it is left out. */
    static List<String> dropped(List<LadderChoice.Rung> chosen) {
        List<String> dropped = new ArrayList<>();
        LadderChoice.Rung above = null;
        for (LadderChoice.Rung r : chosen) {
            if (above != null && r.chosenKbps() >= (1 - CLOSE) * above.chosenKbps()) {
                dropped.add(r.name());
            } else {
                above = r;
            }
        }
        return dropped;
    }

    private static double round(double ssim) {
        return Math.round(ssim * 100000) / 100000.0;
    }
}
