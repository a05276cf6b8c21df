package caravan.complexity;

import java.util.Comparator;
import java.util.List;

/**
 * What the analysis measured for one rung: its configured bitrate (kb/s) and, at each probe bitrate (the configured one
 * first), the bitrate x264 actually spent on the windows and the SSIM of the result against the source at the rung's size.
 */
public record RungProbes(String name, int configuredKbps, List<Point> points) {

    public record Point(int kbps, double actualKbps, double ssim) {
    }

    public RungProbes {
        points = points.stream().sorted(Comparator.comparingInt(Point::kbps).reversed()).toList();
        if (points.isEmpty() || points.get(0).kbps() != configuredKbps) {
            throw new IllegalArgumentException("Rung " + name + ": the first probe must be at the configured bitrate");
        }
    }

    public Point atConfigured() {
        return points.get(0);
    }
}
