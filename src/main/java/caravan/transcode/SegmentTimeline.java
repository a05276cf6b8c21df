package caravan.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * A media playlist's segments on its timeline: each segment's URI, start and duration (from {@code #EXTINF}), so a
 * time window can be read from just the segments that cover it.
 */
public record SegmentTimeline(List<String> uris, List<Double> starts, List<Double> durations) {

    /** The segments {@code from}..{@code to} (inclusive) cover the window, which starts {@code offset} s into the first. */
    public record Cover(int from, int to, double offset) {
    }

    public static SegmentTimeline of(String playlist) {
        List<String> uris = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        List<Double> durations = new ArrayList<>();
        double at = 0;
        double pending = -1;
        for (String raw : playlist.split("\\R")) {
            String line = raw.trim();
            if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8);
                pending = Double.parseDouble(value.contains(",") ? value.substring(0, value.indexOf(',')) : value);
            } else if (!line.isEmpty() && !line.startsWith("#") && pending >= 0) {
                uris.add(line);
                starts.add(at);
                durations.add(pending);
                at += pending;
                pending = -1;
            }
        }
        return new SegmentTimeline(List.copyOf(uris), List.copyOf(starts), List.copyOf(durations));
    }

    public Cover cover(double start, double seconds) {
        if (uris.isEmpty()) {
            throw new IllegalStateException("A media playlist without segments");
        }
        int from = 0;
        while (from + 1 < uris.size() && starts.get(from + 1) <= start + 1e-6) {
            from++;
        }
        int to = from;
        while (to + 1 < uris.size() && starts.get(to) + durations.get(to) < start + seconds - 1e-6) {
            to++;
        }
        return new Cover(from, to, Math.max(0, start - starts.get(from)));
    }
}
