package caravan.complexity;

import caravan.transcode.ColourConversion;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Where the analysis looks: whole GOPs, a few of them, the same number for an hour as for a few minutes. */
class ComplexityProbeTest {
    private static final Ladder LADDER = Ladder.load(Path.of("no-such-ladder.json")); // the built-in default: 2 s GOPs
    private static final LadderPlan PLAN = new LadderPlan(List.of(new LadderPlan.PlannedRung("720p", 1280, 720, 2800)), false, 25,
            false, LADDER, ColourConversion.NONE);

    @Test
    void aShortVideoGetsTwoWindowsOfOneGopEachInsideTheVideo() {
        ComplexityProbe p = ComplexityProbe.of(PLAN, 30, 0.03);
        assertThat(p.windowSeconds()).isEqualTo(2.0); // 50 frames at 25 fps: each window starts on its own keyframe
        assertThat(p.starts()).hasSize(2);
        assertThat(p.starts().get(0)).isCloseTo(6.5, within(1e-9)); // centred on the middles of the halves
        assertThat(p.starts().get(1)).isCloseTo(21.5, within(1e-9));
    }

    @Test
    void theAnalysisOfALongVideoDoesNotGrowWithItsDuration() {
        ComplexityProbe tenMinutes = ComplexityProbe.of(PLAN, 600, 0.03);
        ComplexityProbe threeHours = ComplexityProbe.of(PLAN, 3 * 3600, 0.03);
        assertThat(tenMinutes.analysedSeconds()).isEqualTo(threeHours.analysedSeconds())
                .isEqualTo(ComplexityProbe.MAX_WINDOWS * 2.0);
        assertThat(threeHours.starts()).allSatisfy(s -> assertThat(s + threeHours.windowSeconds()).isLessThanOrEqualTo(3 * 3600));
    }

    @Test
    void aVideoShorterThanTwoGopsIsAnalysedAsFarAsItGoes() {
        ComplexityProbe three = ComplexityProbe.of(PLAN, 3, 1);
        assertThat(three.starts()).containsExactly(0.5);
        assertThat(three.windowSeconds()).isEqualTo(2.0);
        ComplexityProbe oneAndAHalf = ComplexityProbe.of(PLAN, 1.5, 1);
        assertThat(oneAndAHalf.starts()).containsExactly(0.0);
        assertThat(oneAndAHalf.analysedSeconds()).isEqualTo(1.5);
    }
}
