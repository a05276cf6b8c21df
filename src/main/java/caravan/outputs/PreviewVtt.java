package caravan.outputs;

import java.util.List;
import java.util.Locale;

/** A WebVTT file whose cues name a picture for each time range (thumbnails, storyboard tiles), as players read them. */
final class PreviewVtt {
    record Cue(double start, double end, String target) {
    }

    private PreviewVtt() {
    }

    static String of(List<Cue> cues) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        for (Cue c : cues) {
            out.append('\n').append(time(c.start())).append(" --> ").append(time(c.end())).append('\n')
                    .append(c.target()).append('\n');
        }
        return out.toString();
    }

    static String time(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }

    /**
     * The time range of picture {@code k} (from 0) of pictures taken every {@code interval} seconds, or null if
     * the picture starts at or after the end (the frame-rate filter may add one at the very end).
     */
    static double[] range(int k, double interval, double duration) {
        double start = k * interval;
        if (k > 0 && start >= duration) {
            return null;
        }
        return new double[]{start, Math.max(start + 0.001, Math.min((k + 1) * interval, duration))};
    }
}
