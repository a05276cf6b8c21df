package caravan.transcode;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTrackerTest {

    private static List<String> block(String outTimeUs, String progress) {
        return List.of("frame=100", "fps=25.00", "out_time_us=" + outTimeUs, "out_time_ms=" + outTimeUs,
                "out_time=00:00:04.000000", "speed=2.0x", "progress=" + progress);
    }

    @Test
    void shareOfTheDurationIsReported() {
        assertThat(ProgressTracker.percent(block("5000000", "continue"), 20.0)).isEqualTo(25);
        assertThat(ProgressTracker.percent(block("10000000", "continue"), 20.0)).isEqualTo(50);
        assertThat(ProgressTracker.percent(block("19990000", "continue"), 20.0)).isEqualTo(99);
    }

    @Test
    void theLastReportedTimeWins() {
        List<String> lines = new java.util.ArrayList<>(block("2000000", "continue"));
        lines.addAll(block("6000000", "continue"));

        assertThat(ProgressTracker.percent(lines, 10.0)).isEqualTo(60);
    }

    @Test
    void neverReachesOneHundredBeforePublishing() {
        assertThat(ProgressTracker.percent(block("20000000", "end"), 20.0)).isEqualTo(99);
        assertThat(ProgressTracker.percent(block("25000000", "end"), 20.0)).isEqualTo(99);
    }

    @Test
    void notAvailableIsIgnored() {
        assertThat(ProgressTracker.percent(block("N/A", "continue"), 20.0)).isZero();

        List<String> lines = new java.util.ArrayList<>(block("4000000", "continue"));
        lines.addAll(block("N/A", "continue"));
        assertThat(ProgressTracker.percent(lines, 20.0)).as("an N/A after a real time keeps the real time").isEqualTo(20);
    }

    @Test
    void zeroWithoutAnyTimeOrDuration() {
        assertThat(ProgressTracker.percent(List.of(), 20.0)).isZero();
        assertThat(ProgressTracker.percent(List.of("frame=1", "progress=continue"), 20.0)).isZero();
        assertThat(ProgressTracker.percent(block("5000000", "continue"), 0)).isZero();
    }
}
