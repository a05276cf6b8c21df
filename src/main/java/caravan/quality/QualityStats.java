package caravan.quality;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the per-frame statistics ffmpeg's {@code ssim} and {@code psnr} filters wrote ({@code stats_file}):
 * the mean and lowest SSIM (the "All" value, which weighs the planes by size), and the PSNR of the mean squared error
 * over all sampled frames, as ffmpeg's own summary computes it.
 */
public record QualityStats(double ssim, double ssimMin, double psnr, int frames) {
    static final double MAX_PSNR = 100;
    private static final Pattern SSIM = Pattern.compile("\\bAll:([0-9.]+)");
    private static final Pattern MSE = Pattern.compile("\\bmse_avg:([0-9.]+)");

    public static Optional<QualityStats> read(Path ssimLog, Path psnrLog) throws IOException {
        if (!Files.isRegularFile(ssimLog) || !Files.isRegularFile(psnrLog)) {
            return Optional.empty();
        }
        return parse(Files.readString(ssimLog, StandardCharsets.UTF_8), Files.readString(psnrLog, StandardCharsets.UTF_8));
    }

    static Optional<QualityStats> parse(String ssimLog, String psnrLog) {
        double sum = 0;
        double min = 1;
        int frames = 0;
        Matcher s = SSIM.matcher(ssimLog);
        while (s.find()) {
            double v = Double.parseDouble(s.group(1));
            sum += v;
            min = Math.min(min, v);
            frames++;
        }
        double mse = 0;
        int mseFrames = 0;
        Matcher p = MSE.matcher(psnrLog);
        while (p.find()) {
            mse += Double.parseDouble(p.group(1));
            mseFrames++;
        }
        if (frames == 0 || mseFrames == 0) {
            return Optional.empty();
        }
        mse /= mseFrames;
        double psnr = mse <= 0 ? MAX_PSNR : Math.min(MAX_PSNR, 10 * Math.log10(255.0 * 255.0 / mse));
        return Optional.of(new QualityStats(round(sum / frames, 6), round(min, 6), round(psnr, 3), frames));
    }

    static double round(double v, int places) {
        double scale = Math.pow(10, places);
        return Math.round(v * scale) / scale;
    }
}
