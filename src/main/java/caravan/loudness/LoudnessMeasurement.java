package caravan.loudness;

import caravan.asset.Loudness;
import caravan.transcode.Ladder;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What ffmpeg's {@code ebur128} meter ({@code peak=true}) measured on an upload's audio: integrated loudness, its
 * gating threshold, loudness range and true peak, all the figures the second pass needs; and that second pass, a
 * {@code loudnorm} filter that brings it to the target with one linear gain ({@code linear=true} with the measured
 * values). The meter alone costs about a third of a {@code loudnorm} analysis (which also runs its dynamic
 * normaliser at 192 kHz only to throw the audio away), so the extra read of the file stays close to its decode.
 * Both passes first convert the audio to the ladder's channels and sample rate, so that they measure what is
 * encoded (a mono source made stereo would otherwise come out 3 LU louder); loudnorm works at 192 kHz, so the
 * chain ends back at the ladder's sample rate. {@code targetOffset} is 0: loudnorm's linear mode computes its own
 * gain from the measured loudness, and its fallback (dynamic) mode is given no extra offset.
 */
public record LoudnessMeasurement(double inputI, double inputTp, double inputLra, double inputThreshold, double targetOffset) {
    private static final Pattern SUMMARY = Pattern.compile("Integrated loudness:\\s+I:\\s+(\\S+) LUFS\\s+Threshold:\\s+(\\S+) LUFS"
            + "\\s+Loudness range:\\s+LRA:\\s+(\\S+) LU\\b.*?True peak:\\s+Peak:\\s+(\\S+) dBFS", Pattern.DOTALL);
    /** ebur128's floor: what it reports for silence. */
    private static final double SILENCE = -70;

    /**
     * The last summary in ffmpeg's output (ebur128 logs it at the info level at the end of the run); empty if there is
     * none, or the audio is silent (integrated loudness at the meter's floor of -70 LUFS, true peak -inf).
     */
    public static Optional<LoudnessMeasurement> parse(String ffmpegOutput) {
        int last = ffmpegOutput.lastIndexOf("Summary:");
        if (last < 0) {
            return Optional.empty();
        }
        Matcher m = SUMMARY.matcher(ffmpegOutput.substring(last));
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            LoudnessMeasurement measured = new LoudnessMeasurement(number(m.group(1)), number(m.group(4)), number(m.group(3)),
                    number(m.group(2)), 0);
            return measured.finite() && measured.inputI() > SILENCE ? Optional.of(measured) : Optional.empty();
        } catch (NumberFormatException e) {
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

    private static double number(String v) {
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

    /** The analysis pass's filters (audio only): the meter, with true peak, summary only. */
    public static String analysis(Ladder.Audio audio) {
        return ladderFormat(audio) + ",ebur128=peak=true:framelog=quiet";
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
