package caravan.loudness;

import caravan.asset.Json;
import caravan.asset.Loudness;
import caravan.transcode.Ladder;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What ffmpeg's {@code loudnorm} analysis ({@code print_format=json}) measured on an upload's audio, and the
 * second-pass filter that brings it to the target with one linear gain ({@code linear=true} with the measured
 * values). Both passes first convert the audio to the ladder's channels and sample rate, so that they measure what
 * is encoded (a mono source made stereo would otherwise come out 3 LU louder); loudnorm works at 192 kHz, so the
 * chain ends back at the ladder's sample rate.
 */
public record LoudnessMeasurement(double inputI, double inputTp, double inputLra, double inputThreshold, double targetOffset) {

    /** The last JSON object in ffmpeg's output (loudnorm prints it at the end of the run); empty if there is none or silence. */
    public static Optional<LoudnessMeasurement> parse(String ffmpegOutput) {
        int end = ffmpegOutput.lastIndexOf('}');
        int start = end < 0 ? -1 : ffmpegOutput.lastIndexOf('{', end);
        if (start < 0) {
            return Optional.empty();
        }
        try {
            JsonNode j = Json.MAPPER.readTree(ffmpegOutput.substring(start, end + 1));
            LoudnessMeasurement m = new LoudnessMeasurement(number(j, "input_i"), number(j, "input_tp"), number(j, "input_lra"),
                    number(j, "input_thresh"), number(j, "target_offset"));
            // silence measures -inf: there is nothing to normalise
            return m.finite() ? Optional.of(m) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The measurement as recorded on the asset. */
    public static LoudnessMeasurement of(Loudness recorded) {
        return new LoudnessMeasurement(recorded.inputI(), recorded.inputTp(), recorded.inputLra(), recorded.inputThreshold(),
                recorded.offset());
    }

    /** On the asset's record, before the output is measured. */
    public Loudness record(LoudnessSettings s) {
        return new Loudness(inputI, inputLra, inputTp, inputThreshold, targetOffset, null, null, s.targetI(), s.truePeak(), s.range());
    }

    private boolean finite() {
        return Double.isFinite(inputI) && Double.isFinite(inputTp) && Double.isFinite(inputLra)
                && Double.isFinite(inputThreshold) && Double.isFinite(targetOffset);
    }

    private static double number(JsonNode j, String field) {
        String v = j.path(field).asText("");
        return switch (v) {
            case "-inf" -> Double.NEGATIVE_INFINITY;
            case "inf" -> Double.POSITIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /** The audio as the ladder encodes it: its sample rate and channels (no labels). */
    public static String ladderFormat(Ladder.Audio audio) {
        String layout = switch (audio.channels()) {
            case 1 -> "mono";
            case 2 -> "stereo";
            default -> audio.channels() + "c";
        };
        return "aformat=sample_rates=" + audio.sampleRate() + ":channel_layouts=" + layout;
    }

    /** The analysis pass's filters (audio only). */
    public static String analysis(LoudnessSettings s, Ladder.Audio audio) {
        return ladderFormat(audio) + String.format(Locale.ROOT, ",loudnorm=I=%.1f:TP=%.1f:LRA=%.1f:print_format=json",
                s.targetI(), s.truePeak(), s.range());
    }

    /**
     * The second pass, inside the transcode: one linear gain to the target, then back to the ladder's sample rate.
     * loudnorm keeps to linear only if the measured range fits the target range (so that is the larger of the two) and
     * the measured range is not 0 (a steady tone measures 0.00: given as 0.01); it falls back to its dynamic mode only
     * when the gain would push the true peak over the limit.
     */
    public String normalisation(LoudnessSettings s, Ladder.Audio audio) {
        double lra = clamp(Math.max(inputLra, 0.01), 0.01, 99);
        return ladderFormat(audio) + String.format(Locale.ROOT,
                ",loudnorm=I=%.1f:TP=%.1f:LRA=%.2f:measured_I=%.2f:measured_TP=%.2f:measured_LRA=%.2f"
                        + ":measured_thresh=%.2f:offset=%.2f:linear=true:print_format=none,aresample=%d",
                s.targetI(), s.truePeak(), clamp(Math.max(s.range(), lra), 1, 50), clamp(inputI, -99, 0), clamp(inputTp, -99, 99),
                lra, clamp(inputThreshold, -99, 0), clamp(targetOffset, -99, 99), audio.sampleRate());
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }
}
