package caravan.quality;

import caravan.transcode.LadderPlan;
import caravan.transcode.TranscodeCommand;

import java.util.List;
import java.util.Locale;

/**
 * The filter graph of a sampled measurement (the ladder was encoded elsewhere): inputs 0..W-1 are the source (opened
 * a little before each window), then each rung's W windows in ladder order (the segments that cover each). Every
 * window is cut by its timestamps ({@code trim}), not by the demuxer's seek, which in MPEG-TS may land a frame or a GOP
 * late and misalign the comparison. The source windows are joined and made exactly as for the
 * rungs (same deinterlacing, frame rate, pixel format and scaler); each rung's windows, joined, are compared against
 * them with ffmpeg's {@code psnr} and {@code ssim} filters, whose per-frame statistics go to the same files as the
 * ffmpeg engine's comparison ({@link ComparisonGraph#psnrLog}), read by {@link QualityStage}. Outputs {@code [q<i>]}.
 */
public final class SampleGraph {
    private SampleGraph() {
    }

    /**
     * @param sourceOffsets where each window starts in its source input
     * @param rungOffsets   per rung, where each window starts in its input
     */
    public static String of(LadderPlan plan, List<Double> sourceOffsets, List<List<Double>> rungOffsets, double seconds, String statsFolder) {
        int n = plan.rungs().size();
        int windows = sourceOffsets.size();
        StringBuilder g = new StringBuilder();
        for (int w = 0; w < windows; w++) {
            g.append('[').append(w).append(":v:0]").append(trim(sourceOffsets.get(w), seconds)).append("[s").append(w).append("];");
        }
        for (int w = 0; w < windows; w++) {
            g.append("[s").append(w).append(']');
        }
        g.append("concat=n=").append(windows).append(":v=1:a=0,").append(TranscodeCommand.pictureChain(plan)).append(",split=").append(n);
        for (int i = 0; i < n; i++) {
            g.append("[r").append(i).append(']');
        }
        for (int i = 0; i < n; i++) {
            g.append(";[r").append(i).append(']').append(TranscodeCommand.scaleTo(plan.rungs().get(i)))
                    .append(",split[ra").append(i).append("][rb").append(i).append(']');
            for (int w = 0; w < windows; w++) {
                g.append(";[").append(windows + i * windows + w).append(":v:0]").append(trim(rungOffsets.get(i).get(w), seconds))
                        .append("[d").append(i).append('_').append(w).append(']');
            }
            g.append(';');
            for (int w = 0; w < windows; w++) {
                g.append("[d").append(i).append('_').append(w).append(']');
            }
            g.append("concat=n=").append(windows).append(":v=1:a=0,format=yuv420p[d").append(i).append(']');
            g.append(";[d").append(i).append("][ra").append(i).append("]psnr=stats_file=").append(ComparisonGraph.psnrLog(statsFolder, i))
                    .append("[e").append(i).append(']');
            g.append(";[e").append(i).append("][rb").append(i).append("]ssim=stats_file=").append(ComparisonGraph.ssimLog(statsFolder, i))
                    .append("[q").append(i).append(']');
        }
        return g.toString();
    }

    private static String trim(double start, double seconds) {
        return String.format(Locale.ROOT, "trim=start=%.3f:duration=%.3f,setpts=PTS-STARTPTS", start, seconds);
    }
}
