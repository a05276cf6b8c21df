package caravan.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where quality is sampled when the ladder was encoded elsewhere (MediaConvert reports none): {@value #COUNT} windows
 * of {@value #SECONDS} s, centred on the middles of equal thirds of the video (fewer, shorter ones in a shorter video),
 * each measured against the same window of the source.
 */
public record SampleWindows(List<Double> starts, double seconds) {
    public static final int COUNT = 3;
    public static final double SECONDS = 2;

    public static SampleWindows across(double duration) {
        double length = Math.min(SECONDS, Math.max(duration, 0.1));
        List<Double> starts = new ArrayList<>();
        for (int k = 0; k < COUNT; k++) {
            double centre = duration * (2 * k + 1) / (2.0 * COUNT);
            double start = Math.max(0, Math.min(duration - length, centre - length / 2));
            double rounded = Math.round(start * 1000) / 1000.0;
            if (starts.stream().noneMatch(s -> Math.abs(s - rounded) < length)) {
                starts.add(rounded);
            }
        }
        return new SampleWindows(List.copyOf(starts), length);
    }
}
