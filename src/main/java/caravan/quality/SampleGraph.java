package caravan.quality;

import caravan.transcode.LadderPlan;
import caravan.transcode.TranscodeCommand;

/**
 * The filter graph of a sampled measurement (the ladder was encoded elsewhere): inputs 0..W-1 are the source's W
 * windows, then each rung's W windows in ladder order. The source windows are joined and made exactly as for the
 * rungs (same deinterlacing, frame rate, pixel format and scaler); each rung's windows, joined, are compared against
 * them with ffmpeg's {@code psnr} and {@code ssim} filters, whose per-frame statistics go to the same files as the
 * ffmpeg engine's comparison ({@link ComparisonGraph#psnrLog}), read by {@link QualityStage}. Outputs {@code [q<i>]}.
 */
public final class SampleGraph {
    private SampleGraph() {
    }

    public static String of(LadderPlan plan, int windows, String statsFolder) {
        int n = plan.rungs().size();
        StringBuilder g = new StringBuilder();
        for (int w = 0; w < windows; w++) {
            g.append('[').append(w).append(":v:0]setpts=PTS-STARTPTS[s").append(w).append("];");
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
                g.append(";[").append(windows + i * windows + w).append(":v:0]setpts=PTS-STARTPTS[d").append(i).append('_').append(w).append(']');
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
}
