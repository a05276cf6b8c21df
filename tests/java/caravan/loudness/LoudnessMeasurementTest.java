package caravan.loudness;

import caravan.Settings;
import caravan.asset.Loudness;
import caravan.transcode.Ladder;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading ebur128's figures (the analysis' summary and the published audio's meter) out of ffmpeg's output, and the filters both passes are given. */
class LoudnessMeasurementTest {
    private static final LoudnessSettings DEFAULTS = new LoudnessSettings(true, -16, -1, 11);
    private static final Ladder.Audio STEREO_48K = new Ladder.Audio("aac", 128, 48000, 2);

    /** What the bundled ffmpeg 8.0.1 prints at -loglevel info after the analysis (tail). */
    private static final String ANALYSIS = """
            Stream #0:0 -> #0:0 (aac (native) -> pcm_s16le (native))
            [Parsed_ebur128_1 @ 0x7f845c001bc0] Summary:

              Integrated loudness:
                I:         -48.7 LUFS
                Threshold: -58.7 LUFS

              Loudness range:
                LRA:         0.5 LU
                Threshold: -68.7 LUFS
                LRA low:   -48.9 LUFS
                LRA high:  -48.4 LUFS

              True peak:
                Peak:      -38.5 dBFS
            [out#0/null @ 0x55ec210d6040] video:0KiB audio:7506KiB subtitle:0KiB other streams:0KiB global headers:0KiB muxing overhead: unknown
            size=N/A time=00:00:10.10 bitrate=N/A speed=25.4x elapsed=0:00:00.39
            """;

    @Test
    void readsTheInputFiguresOfTheAnalysis() {
        assertThat(LoudnessMeasurement.parse(ANALYSIS)).contains(new LoudnessMeasurement(-48.7, -38.5, 0.5, -58.7, 0));
    }

    @Test
    void silenceOrNoAnalysisMeansNothingToNormalise() {
        assertThat(LoudnessMeasurement.parse(ANALYSIS.replace("-48.7 LUFS", "-70.0 LUFS").replace("-38.5 dBFS", "-inf dBFS")))
                .isEmpty();
        assertThat(LoudnessMeasurement.parse(ANALYSIS.replace("-38.5 dBFS", "-inf dBFS"))).isEmpty();
        assertThat(LoudnessMeasurement.parse("Error opening input file")).isEmpty();
        assertThat(LoudnessMeasurement.parse("Summary:\n I: loud")).isEmpty();
    }

    @Test
    void analysisConvertsToTheLaddersLayoutBeforeMeasuring() {
        assertThat(LoudnessMeasurement.analysis(STEREO_48K))
                .isEqualTo("aformat=sample_rates=48000:channel_layouts=stereo,ebur128=peak=true:framelog=quiet");
        assertThat(LoudnessMeasurement.ladderFormat(new Ladder.Audio("aac", 64, 44100, 1)))
                .isEqualTo("aformat=sample_rates=44100:channel_layouts=mono");
    }

    @Test
    void secondPassIsOneLinearGainFromTheMeasuredValuesBackAtTheLaddersRate() {
        LoudnessMeasurement m = LoudnessMeasurement.parse(ANALYSIS).orElseThrow();
        assertThat(m.normalisation(DEFAULTS, STEREO_48K)).isEqualTo("aformat=sample_rates=48000:channel_layouts=stereo,"
                + "loudnorm=I=-16.0:TP=-1.0:LRA=11.00:measured_I=-48.70:measured_TP=-38.50:measured_LRA=0.50"
                + ":measured_thresh=-58.70:offset=0.00:linear=true:print_format=none,aresample=48000");
    }

    @Test
    void aWideMeasuredRangeRaisesTheTargetRangeAndASteadyToneStaysLinear() {
        assertThat(new LoudnessMeasurement(-30, -12, 18.5, -40, 0).normalisation(DEFAULTS, STEREO_48K))
                .contains(":LRA=18.50:", ":measured_LRA=18.50:");
        assertThat(new LoudnessMeasurement(-30, -12, 0, -40, 0).normalisation(DEFAULTS, STEREO_48K))
                .contains(":measured_LRA=0.01:");
    }

    @Test
    void theRecordCarriesWhatTheSecondPassNeeds() {
        LoudnessMeasurement m = LoudnessMeasurement.parse(ANALYSIS).orElseThrow();
        Loudness recorded = m.record(DEFAULTS);
        assertThat(recorded.outputI()).isNull();
        assertThat(recorded.targetI()).isEqualTo(-16);
        assertThat(LoudnessMeasurement.of(recorded)).isEqualTo(m);
        assertThat(recorded.withOutput(-16.01, -5.5).outputI()).isEqualTo(-16.01);
    }

    @Test
    void readsTheLastFramesFiguresOfTheMeter() {
        String printed = """
                frame:98   pts:470400  pts_time:9.8
                lavfi.r128.I=-16.100
                lavfi.r128.true_peak=0.400
                frame:99   pts:475200  pts_time:9.9
                lavfi.r128.M=-15.917
                lavfi.r128.I=-16.005
                lavfi.r128.LRA=0.520
                lavfi.r128.true_peaks_ch0=0.516
                lavfi.r128.true_peak=0.516
                """;
        PublishedLoudness out = PublishedLoudness.parse(printed).orElseThrow();
        assertThat(out.integrated()).isEqualTo(-16.005);
        assertThat(out.truePeak()).isCloseTo(-5.75, org.assertj.core.api.Assertions.within(0.01));
        assertThat(PublishedLoudness.parse("")).isEmpty();
        assertThat(PublishedLoudness.parse("lavfi.r128.I=-70.000\nlavfi.r128.true_peak=0.000\n")).isEmpty();
    }

    @Test
    void settingsAreCheckedAgainstLoudnormsLimits() {
        Map<String, String> values = Map.of("caravan.loudness.normalise", "true", "caravan.loudness.targetLufs", "-3",
                "caravan.loudness.truePeakDb", "-1", "caravan.loudness.rangeLu", "11");
        assertThatThrownBy(() -> LoudnessSettings.from(new Settings(k -> Optional.ofNullable(values.get(k)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caravan.loudness.targetLufs")
                .hasMessageContaining("-70 to -5");
        assertThatThrownBy(() -> new LoudnessSettings(true, -16, 1, 11)).hasMessageContaining("caravan.loudness.truePeakDb");
    }
}
