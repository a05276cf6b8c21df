package caravan.quality;

import caravan.Settings;

/**
 * How quality is measured: SSIM and PSNR on every {@code sampleEvery}th frame (0: not measured), and the SSIM below
 * which a rung gets a warning.
 */
public record QualitySettings(int sampleEvery, double ssimFloor) {
    public QualitySettings {
        if (sampleEvery < 0) {
            throw new IllegalArgumentException("Setting caravan.quality.sampleEvery must be 0 (not measured) or a whole number of frames"
                    + " (got " + sampleEvery + ")");
        }
        if (!(ssimFloor >= 0 && ssimFloor <= 1)) {
            throw new IllegalArgumentException("Setting caravan.quality.ssimFloor must be from 0 to 1 (got " + ssimFloor + ")");
        }
    }

    public static QualitySettings from(Settings s) {
        return new QualitySettings(s.intAtLeast("caravan.quality.sampleEvery", 0), s.decimalAtLeast("caravan.quality.ssimFloor", 0));
    }

    public boolean measured() {
        return sampleEvery > 0;
    }
}
