package caravan.complexity;

import caravan.asset.LadderChoice;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The rung choice from the analysis's measurements: interpolation, capping at the configured bitrate, dropping. */
class LadderChooserTest {
    private static final PerTitleSettings RELATIVE = new PerTitleSettings("per-title", List.of(), 0.001, 0.03);

    private static RungProbes rung(String name, int kbps, double actualAtTop, double... ssim) {
        return new RungProbes(name, kbps, List.of(
                new RungProbes.Point(kbps, actualAtTop, ssim[0]),
                new RungProbes.Point(kbps / 4, actualAtTop / 4, ssim[1]),
                new RungProbes.Point(kbps / 16, actualAtTop / 16, ssim[2])));
    }

    @Test
    void interpolatesInLogBitrateToTheSsimNeeded() {
        // 0.991 at 1600, 0.981 at 400: 0.990 is a tenth of the way down the two octaves
        LadderChoice c = LadderChooser.choose(List.of(rung("720p", 1600, 1600, 0.991, 0.981, 0.90)), RELATIVE, 10, 0.05, 2);
        LadderChoice.Rung r = c.rungs().get(0);
        assertThat(r.ssimNeeded()).isCloseTo(0.990, within(1e-9));
        assertThat(r.chosenKbps()).isEqualTo((int) Math.ceil(1600 * Math.pow(4, -0.1)));
        assertThat(r.ssimExpected()).isCloseTo(0.990, within(1e-9));
        assertThat(r.ssimAtConfigured()).isEqualTo(0.991);
    }

    @Test
    void flatContentGoesDownToTheLowestProbeAndNoFurther() {
        LadderChoice c = LadderChooser.choose(List.of(rung("720p", 2800, 150, 0.99995, 0.99990, 0.99950)), RELATIVE, 60, 0.005, 2);
        assertThat(c.rungs().get(0).chosenKbps()).isEqualTo(175);
        // bytes saved: (150 - 150/16) kb/s over 60 s
        assertThat(c.estimatedBytesSaved()).isCloseTo(Math.round((150 - 150 / 16.0) * 1000 / 8 * 60), within(2L));
    }

    @Test
    void aProbeThatSpentMoreThanAskedCountsAtWhatItSpent() {
        // noise over a few seconds: asked 700 and 175 kb/s, x264 spent 1800 and 900 before its rate control caught up.
        // The SSIM at 700 "asked" was bought with 1800 kb/s; a whole video encoded at 700 would fall far below it.
        RungProbes noise = new RungProbes("720p", 2800, List.of(new RungProbes.Point(2800, 2810, 0.800),
                new RungProbes.Point(700, 1800, 0.795), new RungProbes.Point(175, 900, 0.700)));
        LadderChoice.Rung r = LadderChooser.choose(List.of(noise), RELATIVE, 10, 0.1, 8).rungs().get(0);
        // 0.799 is a fifth of the way from the 2810 spent at the top down to the 1800 spent
        assertThat(r.chosenKbps()).isEqualTo((int) Math.ceil(2810 * Math.pow(1800 / 2810.0, 0.2)));
        assertThat(r.chosenKbps()).isGreaterThan((int) (2800 * Math.pow(4, -0.2)) + 400);
    }

    @Test
    void aProbeThatSpentLessThanAskedCountsAtWhatItAsked() {
        // a screen recording: x264 spends less than asked on easy content, in the windows as in the whole video
        RungProbes screen = new RungProbes("720p", 2800, List.of(new RungProbes.Point(2800, 960, 0.9998),
                new RungProbes.Point(700, 500, 0.9963), new RungProbes.Point(175, 170, 0.98)));
        LadderChoice.Rung r = LadderChooser.choose(List.of(screen), RELATIVE, 10, 0.01, 8).rungs().get(0);
        double t = (0.9998 - 0.9988) / (0.9998 - 0.9963);
        assertThat(r.chosenKbps()).isEqualTo((int) Math.ceil(2800 * Math.pow(4, -t)));
    }

    @Test
    void aTargetBelowTheConfiguredQualityAllowsMoreSaving() {
        PerTitleSettings target = new PerTitleSettings("per-title", List.of(0.985), 0.001, 0.03);
        LadderChoice.Rung relative = LadderChooser.choose(List.of(rung("720p", 1600, 1600, 0.991, 0.981, 0.90)), RELATIVE, 10, 0.05, 2)
                .rungs().get(0);
        LadderChoice.Rung targeted = LadderChooser.choose(List.of(rung("720p", 1600, 1600, 0.991, 0.981, 0.90)), target, 10, 0.05, 2)
                .rungs().get(0);
        assertThat(targeted.ssimNeeded()).isEqualTo(0.985);
        assertThat(targeted.chosenKbps()).isLessThan(relative.chosenKbps()).isEqualTo((int) Math.ceil(1600 * Math.pow(4, -0.6)));
    }

    @Test
    void hardContentThatCannotReachTheTargetKeepsNearlyTheConfiguredBitrateAndNeverMore() {
        PerTitleSettings target = new PerTitleSettings("per-title", List.of(0.97), 0.001, 0.03);
        LadderChoice.Rung r = LadderChooser.choose(List.of(rung("720p", 2800, 2830, 0.5103, 0.4989, 0.4616)), target, 10, 0.1, 2)
                .rungs().get(0);
        assertThat(r.ssimNeeded()).isCloseTo(0.5093, within(1e-9)); // the target is out of reach: the configured SSIM rules
        assertThat(r.chosenKbps()).isLessThanOrEqualTo(2800).isGreaterThan(2400);
    }

    @Test
    void aProbeMeasuringWorseThanNeededStopsTheDescentEvenIfALowerOneMeasuresBetter() {
        RungProbes odd = new RungProbes("480p", 1400, List.of(new RungProbes.Point(1400, 1400, 0.95),
                new RungProbes.Point(350, 350, 0.90), new RungProbes.Point(87, 87, 0.96)));
        assertThat(LadderChooser.choose(List.of(odd), RELATIVE, 10, 0.1, 2).rungs().get(0).chosenKbps()).isGreaterThan(1300);
    }

    @Test
    void aRungWithinFifteenPercentOfTheRungAboveIsLeftOut() {
        // 720p falls below a quarter (677); 480p stays near its 700: one step for a player, so 480p is left out
        LadderChoice c = LadderChooser.choose(List.of(
                rung("720p", 2800, 2800, 0.99, 0.98999, 0.95),
                rung("480p", 700, 700, 0.95, 0.90, 0.80),
                rung("360p", 400, 400, 0.95, 0.90, 0.80)), RELATIVE, 10, 0.05, 2);
        assertThat(c.rungs().get(0).chosenKbps()).isBetween(600, 700);
        assertThat(c.rungs().get(1).chosenKbps()).isGreaterThanOrEqualTo((int) (0.85 * c.rungs().get(0).chosenKbps()));
        assertThat(c.dropped()).containsExactly("480p");
        assertThat(c.chosenKbps("480p")).isNull();
        assertThat(c.chosenKbps("360p")).isEqualTo(c.rungs().get(2).chosenKbps()).isLessThan(400);
    }

    @Test
    void rungsFarEnoughApartAreAllKept() {
        LadderChoice c = LadderChooser.choose(List.of(
                rung("720p", 2800, 2800, 0.95, 0.90, 0.8),
                rung("360p", 800, 800, 0.95, 0.90, 0.8)), RELATIVE, 10, 0.05, 2);
        assertThat(c.dropped()).isEmpty();
    }

    @Test
    void theFirstProbeMustBeTheConfiguredBitrate() {
        assertThatThrownBy(() -> new RungProbes("720p", 2800, List.of(new RungProbes.Point(1400, 1, 0.9))))
                .hasMessageContaining("configured bitrate");
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> new PerTitleSettings("per-title", List.of(1.5), 0.001, 0.03)).hasMessageContaining("caravan.ladder.ssimTarget");
        assertThatThrownBy(() -> new PerTitleSettings("per-title", List.of(), 0.5, 0.03)).hasMessageContaining("caravan.ladder.ssimTolerance");
        assertThatThrownBy(() -> new PerTitleSettings("per-title", List.of(), 0.001, 0)).hasMessageContaining("caravan.ladder.analysisShare");
    }

    @Test
    void targetsApplyTallestFirstAndTheLastToTheRest() {
        PerTitleSettings s = new PerTitleSettings("per-title", List.of(0.97, 0.96, 0.95), 0.001, 0.03);
        assertThat(List.of(s.targetFor(0), s.targetFor(2), s.targetFor(4))).containsExactly(0.97, 0.95, 0.95);
        assertThat(RELATIVE.targetFor(0)).isEqualTo(1);
    }
}
