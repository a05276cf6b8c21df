package caravan.loudness;

import java.util.Optional;

/**
 * The loudness of the audio the transcode pass encoded, from the frames' metadata that {@code ebur128} (with
 * {@code metadata=1}) attaches and {@code ametadata=mode=print} writes: the integrated loudness and the true peak
 * (linear there, in dBTP here) so far, so the last frame's are the whole audio's.
 */
public record PublishedLoudness(double integrated, double truePeak) {
    /**
     * The ebur128 meter (no labels), ending in a sink, writing to {@code file} (relative: in the pass's work folder);
     * on one-second frames, so the file holds a dozen lines per second of audio.
     */
    public static String meter(String file, int sampleRate) {
        return "asetnsamples=n=" + sampleRate + ":p=0,ebur128=peak=true:metadata=1,ametadata=mode=print:file=" + file + ",anullsink";
    }

    /** The last frame's figures; empty if there are none or the audio was silent. */
    public static Optional<PublishedLoudness> parse(String printed) {
        Double i = null;
        Double peak = null;
        for (String line : printed.split("\n")) {
            String l = line.strip();
            if (l.startsWith("lavfi.r128.I=")) {
                i = number(l.substring("lavfi.r128.I=".length()));
            } else if (l.startsWith("lavfi.r128.true_peak=")) {
                peak = number(l.substring("lavfi.r128.true_peak=".length()));
            }
        }
        if (i == null || peak == null || !Double.isFinite(i) || !(peak > 0) || !Double.isFinite(peak)) {
            return Optional.empty();
        }
        return Optional.of(new PublishedLoudness(i, 20 * Math.log10(peak)));
    }

    private static Double number(String v) {
        try {
            return Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
