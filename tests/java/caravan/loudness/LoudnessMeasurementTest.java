package caravan.loudness;

import caravan.Settings;
import caravan.asset.Loudness;
import caravan.transcode.Ladder;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading loudnorm's and ebur128's figures out of ffmpeg's output, and the filters both passes are given. */
class LoudnessMeasurementTest {
    private static final LoudnessSettings DEFAULTS = new LoudnessSettings(true, -16, -1, 11);
    private static final Ladder.Audio STEREO_48K = new Ladder.Audio("aac", 128, 48000, 2);

    /** What the bundled ffmpeg 8.0.1 prints at -loglevel info after the analysis (tail). */
    private static final String ANALYSIS = """
            Stream #0:0 -> #0:0 (aac (native) -> pcm_s16le (native))
            [Parsed_loudnorm_1 @ 0x7fc010002540]\s
            {
            	"input_i" : "-48.72",
            	"input_tp" : "-38.46",
            	"input_lra" : "0.50",
            	"input_thresh" : "-58.72",
            	"output_i" : "-15.81",
            	"output_tp" : "-5.44",
            	"output_lra" : "0.30",
            	"output_thresh" : "-25.81",
            	"normalization_type" : "dynamic",
            	"target_offset" : "-0.19"
            }
            [out#0/null @ 0x55ec210d6040] video:0KiB audio:7506KiB subtitle:0KiB other streams:0KiB global headers:0KiB muxing overhead: unknown
            size=N/A time=00:00:10.10 bitrate=N/A speed=25.4x elapsed=0:00:00.39
            """;

    @Test
    void readsTheInputFiguresOfTheAnalysis() {
        assertThat(LoudnessMeasurement.parse(ANALYSIS)).contains(new LoudnessMeasurement(-48.72, -38.46, 0.50, -58.72, -0.19));
    }

    @Test
    void silenceOrNoAnalysisMeansNothingToNormalise() {
        assertThat(LoudnessMeasurement.parse(ANALYSIS.replace("\"-48.72\"", "\"-inf\"").replace("\"-38.46\"", "\"-inf\"")))
                .isEmpty();
        assertThat(LoudnessMeasurement.parse("Error opening input file")).isEmpty();
        assertThat(LoudnessMeasurement.parse("{ \"input_i\" : \"loud\" }")).isEmpty();
    }

    @Test
    void analysisConvertsToTheLaddersLayoutBeforeMeasuring() {
        assertThat(LoudnessMeasurement.analysis(DEFAULTS, STEREO_48K))
                .isEqualTo("aformat=sample_rates=48000:channel_layouts=stereo,loudnorm=I=-16.0:TP=-1.0:LRA=11.0:print_format=json");
        assertThat(LoudnessMeasurement.ladderFormat(new Ladder.Audio("aac", 64, 44100, 1)))
                .isEqualTo("aformat=sample_rates=44100:channel_layouts=mono");
    }

    @Test
    void secondPassIsOneLinearGainFromTheMeasuredValuesBackAtTheLaddersRate() {
        LoudnessMeasurement m = LoudnessMeasurement.parse(ANALYSIS).orElseThrow();
        assertThat(m.normalisation(DEFAULTS, STEREO_48K)).isEqualTo("aformat=sample_rates=48000:channel_layouts=stereo,"
                + "loudnorm=I=-16.0:TP=-1.0:LRA=11.00:measured_I=-48.72:measured_TP=-38.46:measured_LRA=0.50"
                + ":measured_thresh=-58.72:offset=-0.19:linear=true:print_format=none,aresample=48000");
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
