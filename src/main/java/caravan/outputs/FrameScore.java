package caravan.outputs;

import java.awt.image.BufferedImage;

/**
 * How good a video frame is as a poster, measured on a copy scaled to fit 320 pixels: its mean luma (0-255), its
 * contrast (standard deviation of luma) and its sharpness (variance of the Laplacian of luma, the usual focus
 * measure). A frame that is dark (a black or fading start) or blank (one flat colour) is not a poster.
 */
public record FrameScore(double meanLuma, double contrast, double sharpness) {
    static final double MIN_MEAN_LUMA = 40;
    static final double MIN_CONTRAST = 10;
    private static final int MEASURE_BOX = 320;

    public boolean usable() {
        return meanLuma >= MIN_MEAN_LUMA && contrast >= MIN_CONTRAST;
    }

    public static FrameScore of(BufferedImage image) {
        int[] size = OutputsPlanner.fit(image.getWidth(), image.getHeight(), MEASURE_BOX);
        BufferedImage small = Pictures.scaled(image, size[0], size[1]);
        int w = small.getWidth();
        int h = small.getHeight();
        double[] luma = new double[w * h];
        double sum = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = small.getRGB(x, y);
                double l = 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
                luma[y * w + x] = l;
                sum += l;
            }
        }
        double mean = sum / luma.length;
        double var = 0;
        for (double l : luma) {
            var += (l - mean) * (l - mean);
        }
        double lapSum = 0;
        double lapSq = 0;
        int count = 0;
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                double lap = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4 * luma[i];
                lapSum += lap;
                lapSq += lap * lap;
                count++;
            }
        }
        double lapMean = count == 0 ? 0 : lapSum / count;
        double sharpness = count == 0 ? 0 : lapSq / count - lapMean * lapMean;
        return new FrameScore(mean, Math.sqrt(var / luma.length), sharpness);
    }
}
