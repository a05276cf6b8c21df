package caravan.quality;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The statistics lines are as ffmpeg 8.0.1's ssim and psnr filters write them. */
class QualityStatsTest {
    private static final String SSIM = """
            n:1 Y:1.000000 U:1.000000 V:1.000000 All:1.000000 (inf)
            n:2 Y:0.993487 U:0.994607 V:0.995315 All:0.990000 (22.202882)
            n:3 Y:0.994763 U:0.995675 V:0.995503 All:0.980000 (23.043861)
            """;
    private static final String PSNR = """
            n:1 mse_avg:0.00 mse_y:0.00 mse_u:0.00 mse_v:0.00 psnr_avg:inf psnr_y:inf psnr_u:inf psnr_v:inf\s
            n:2 mse_avg:3.00 mse_y:1.98 mse_u:4.44 mse_v:5.08 psnr_avg:43.36 psnr_y:45.16 psnr_u:41.66 psnr_v:41.07\s
            n:3 mse_avg:3.00 mse_y:1.83 mse_u:4.23 mse_v:4.09 psnr_avg:43.36 psnr_y:45.52 psnr_u:41.87 psnr_v:42.02\s
            """;

    @Test
    void meanAndLowestSsimAndThePsnrOfTheMeanError() {
        QualityStats q = QualityStats.parse(SSIM, PSNR).orElseThrow();
        assertThat(q.frames()).isEqualTo(3);
        assertThat(q.ssim()).isCloseTo(0.99, within(1e-6));
        assertThat(q.ssimMin()).isEqualTo(0.98);
        assertThat(q.psnr()).isCloseTo(10 * Math.log10(255.0 * 255.0 / 2.0), within(0.001)); // mean MSE 2, not mean of dB
    }

    @Test
    void identicalPicturesAreCappedAndEmptyLogsMeanNotMeasured() {
        assertThat(QualityStats.parse("n:1 Y:1 U:1 V:1 All:1.000000 (inf)\n", "n:1 mse_avg:0.00 psnr_avg:inf\n")
                .orElseThrow().psnr()).isEqualTo(100);
        assertThat(QualityStats.parse("", "")).isEmpty();
    }
}
