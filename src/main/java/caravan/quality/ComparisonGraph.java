package caravan.quality;

import caravan.transcode.LadderPlan;
import caravan.transcode.TranscodeCommand;

import java.util.Locale;

/**
 * The filter graph that measures every rung inside the transcode pass: the source's picture, made exactly as for
 * the rungs (same deinterlacing, frame rate, pixel format and scaler), against each rung as encoded and decoded
 * again ({@code [dec:N]}), with ffmpeg's {@code psnr} and {@code ssim} filters. Only every Nth frame is compared
 * (selected before scaling), so the cost stays a fraction of the encode.
 * <p>
 * Frames are paired by presentation time, not by count, and the two sides get the same timestamp handling: both
 * start at zero ({@code setpts=PTS-STARTPTS}) and both pick the frames whose index on the constant frame-rate grid
 * ({@code round(t * rate)}) is a multiple of N. The loopback decoder hands the rung back on the encoder's timeline,
 * which does not start where the source's does when the source has an edit list or a first frame after zero (a
 * rotated phone clip, a trimmed copy, B-frame priming); without the shift the filters compared pictures up to the
 * whole offset apart (SSIM 0.76 for a rung that measures 0.97 frame for frame). Per-frame statistics go to
 * {@code quality/psnr-N.log} and {@code quality/ssim-N.log}, relative to the pass's working folder (paths of our
 * own naming, free of the characters a filter graph would need escaped).
 */
public final class ComparisonGraph {
    private ComparisonGraph() {
    }

    public static String of(LadderPlan plan, int sampleEvery, String statsFolder) {
        int n = plan.rungs().size();
        String every = aligned(plan.frameRate(), sampleEvery);
        StringBuilder g = new StringBuilder("[0:v:0]").append(TranscodeCommand.pictureChain(plan)).append(',').append(every)
                .append(",split=").append(n);
        for (int i = 0; i < n; i++) {
            g.append("[r").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            g.append(";[r").append(i).append(']').append(TranscodeCommand.scaleTo(plan.rungs().get(i)))
                    .append(",split[ra").append(i).append("][rb").append(i).append(']');
            g.append(";[dec:").append(i).append(']').append(every).append("[d").append(i).append(']');
            g.append(";[d").append(i).append("][ra").append(i).append("]psnr=stats_file=").append(psnrLog(statsFolder, i))
                    .append("[e").append(i).append(']');
            g.append(";[e").append(i).append("][rb").append(i).append("]ssim=stats_file=").append(ssimLog(statsFolder, i))
                    .append("[q").append(i).append(']');
        }
        return g.toString();
    }

    /** Both sides' timestamp handling and frame choice: from zero, every Nth frame of the constant-rate grid. */
    static String aligned(double frameRate, int sampleEvery) {
        return String.format(Locale.ROOT, "setpts=PTS-STARTPTS,select='not(mod(round(t*%.6f)\\,%d))'", frameRate, sampleEvery);
    }

    public static String psnrLog(String folder, int rung) {
        return folder + "/psnr-" + rung + ".log";
    }

    public static String ssimLog(String folder, int rung) {
        return folder + "/ssim-" + rung + ".log";
    }
}
