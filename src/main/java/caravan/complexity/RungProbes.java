package caravan.complexity;

import java.util.Comparator;
import java.util.List;

/**
 * What the analysis measured for one rung: its configured bitrate (kb/s) and, at each probe bitrate (the configured one
 * first), the bitrate x264 actually spent on the windows and the SSIM of the result against the source at the rung's size.
 */
public record RungProbes(String name, int configuredKbps, List<Point> points) {

    public record Point(int kbps, double actualKbps, double ssim) {
        /**
         * The bitrate this SSIM cost: the one asked for, or the one spent if more (over a few seconds x264 may overspend
         * on hard content, which a whole video's encode at the asked bitrate could not).
         */
        public double effectiveKbps() {
            return Math.max(kbps, actualKbps);
        }
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
