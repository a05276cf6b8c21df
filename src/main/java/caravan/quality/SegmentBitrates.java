package caravan.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bit rates of a media playlist as published, from its segments' sizes on disk and their {@code #EXTINF}
 * durations: the average over the whole playlist, and the peak as RFC 8216 (4.3.4.2) defines it: the highest rate
 * of any run of consecutive segments lasting 0.5 to 1.5 times the target duration. A master's BANDWIDTH below that
 * peak makes players pick a rung the connection cannot keep up with, the usual cause of stalls.
 */
public record SegmentBitrates(long average, long peak) {

    record Segment(double seconds, long bytes) {
    }

    /** Sizes of a segment, by its URI in the playlist; throws if it has none. */
    @FunctionalInterface
    public interface SegmentSizes {
        long size(String uri) throws IOException;
    }

    /** A playlist on disk, its segments beside it. */
    public static SegmentBitrates of(Path playlist) throws IOException {
        return of(Files.readString(playlist, StandardCharsets.UTF_8),
                uri -> Files.size(playlist.resolveSibling(uri).normalize()));
    }

    /** A playlist's text, its segments' sizes from elsewhere (the objects of a bucket). */
    public static SegmentBitrates of(String playlist, SegmentSizes sizes) throws IOException {
        List<Segment> segments = new ArrayList<>();
        double target = 0;
        double pending = -1;
        for (String raw : playlist.split("\\R")) {
            String line = raw.trim();
            if (line.startsWith("#EXT-X-TARGETDURATION:")) {
                target = Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8);
                pending = Double.parseDouble(value.contains(",") ? value.substring(0, value.indexOf(',')) : value);
            } else if (!line.isEmpty() && !line.startsWith("#") && pending >= 0) {
                segments.add(new Segment(pending, sizes.size(line)));
                pending = -1;
            }
        }
        return of(segments, target);
    }

    static SegmentBitrates of(List<Segment> segments, double target) {
        double seconds = 0;
        long bytes = 0;
        for (Segment s : segments) {
            seconds += s.seconds();
            bytes += s.bytes();
        }
        if (seconds <= 0) {
            return new SegmentBitrates(0, 0);
        }
        double peak = 0;
        for (int i = 0; i < segments.size(); i++) {
            double runSeconds = 0;
            long runBytes = 0;
            for (int j = i; j < segments.size() && runSeconds + segments.get(j).seconds() <= 1.5 * target + 1e-9; j++) {
                runSeconds += segments.get(j).seconds();
                runBytes += segments.get(j).bytes();
                if (runSeconds >= 0.5 * target - 1e-9 && runSeconds > 0) {
                    peak = Math.max(peak, runBytes * 8 / runSeconds);
                }
            }
        }
        if (peak == 0) { // no run long enough (a very short asset): the highest single segment
            for (Segment s : segments) {
                peak = Math.max(peak, s.seconds() > 0 ? s.bytes() * 8 / s.seconds() : 0);
            }
        }
        return new SegmentBitrates(Math.round(bytes * 8 / seconds), (long) Math.ceil(peak));
    }
}
