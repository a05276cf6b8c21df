package caravan.complexity;

import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.ColourConversion;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlan.PlannedRung;
import caravan.transcode.TranscodeCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The analysis as one ffmpeg run: a few short windows of the source, joined, decoded as the transcode decodes them (same
 * frame rate and colour chain, each rung scaled from the one above), encoded per rung at {@link #DIVISORS} of its
 * configured bitrate with the ladder's own encoder settings, each encode decoded again inside the same process (a
 * loopback decoder, {@code -dec}) and compared with the source picture by the {@code ssim} filter. Each encode's size
 * is its file's; each SSIM is in the log under the filter's own name ({@code ssim@r<rung>p<probe>}).
 */
public record ComplexityProbe(LadderPlan plan, List<Double> starts, double windowSeconds) {
    /** The probes per rung: the configured bitrate, a quarter, a sixteenth (steps of two octaves). */
    static final int[] DIVISORS = {1, 4, 16};
    private static final Pattern SSIM = Pattern.compile("\\[ssim@r(\\d+)p(\\d+) @ [^]]*] SSIM .* All:([0-9.]+)");

    /** The most windows analysed, however long the video: the analysis costs the same for an hour as for a few minutes. */
    static final int MAX_WINDOWS = 4;
    /** The fewest windows in a video long enough for them: one window could fall on a single slide. */
    static final int MIN_WINDOWS = 2;

    /**
     * Windows of one GOP each (2 s with the default ladder, at least 1 s), so each starts on a keyframe and weighs its
     * intra frame as the encode does, and long enough for x264's rate control: {@code share} of the duration divided
     * into windows, from {@value #MIN_WINDOWS} to {@value #MAX_WINDOWS} (fewer only when the video is shorter than
     * that), centred on the middles of equal parts of the video.
     */
    public static ComplexityProbe of(LadderPlan plan, double durationSeconds, double share) {
        double duration = Math.max(durationSeconds, 0.1);
        double gop = plan.frameRate() > 0 ? plan.gopFrames() / plan.frameRate() : plan.ladder().video().gopSeconds();
        double window = Math.max(1, gop);
        int count = (int) Math.max(MIN_WINDOWS, Math.min(MAX_WINDOWS, Math.round(duration * share / window)));
        count = (int) Math.min(count, Math.floor(duration / window));
        double length = window;
        if (count < 1) {
            count = 1;
            length = duration;
        }
        List<Double> starts = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double centre = duration * (2 * k + 1) / (2.0 * count);
            double start = Math.max(0, Math.min(duration - length, centre - length / 2));
            starts.add(Math.round(start * 1000) / 1000.0);
        }
        return new ComplexityProbe(plan, List.copyOf(starts), length);
    }

    public double analysedSeconds() {
        return starts.size() * windowSeconds;
    }

    public static String encodeFile(int rung, int probe) {
        return "complexity-" + rung + "-" + probe + ".h264";
    }

    public List<String> arguments(Path source, Path workDir, UntrustedInput input) {
        List<String> a = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "info", "-y"));
        for (double start : starts) {
            a.addAll(input.options());
            a.addAll(List.of("-ss", decimal(start), "-t", decimal(windowSeconds), "-i", UntrustedInput.path(source)));
        }
        int n = plan.rungs().size();
        int p = DIVISORS.length;
        StringBuilder g = new StringBuilder();
        for (int w = 0; w < starts.size(); w++) {
            g.append('[').append(w).append(":v:0]");
        }
        g.append("concat=n=").append(starts.size()).append(":v=1:a=0,").append(TranscodeCommand.pictureChain(plan)).append("[c0]");
        for (int i = 0; i < n; i++) {
            g.append(";[c").append(i).append(']').append(TranscodeCommand.scaleTo(plan.rungs().get(i)))
                    .append(",split=").append(2 * p + (i < n - 1 ? 1 : 0));
            for (int k = 0; k < p; k++) {
                g.append("[e").append(i).append('_').append(k).append("][f").append(i).append('_').append(k).append(']');
            }
            if (i < n - 1) {
                g.append("[c").append(i + 1).append(']');
            }
        }
        a.addAll(List.of("-filter_complex", g.toString()));
        for (int i = 0; i < n; i++) {
            PlannedRung r = plan.rungs().get(i);
            for (int k = 0; k < p; k++) {
                int kbps = probeKbps(r.videoKbps(), k);
                PlannedRung at = new PlannedRung(r.name(), r.width(), r.height(), kbps);
                a.addAll(List.of("-map", "[e" + i + "_" + k + "]", "-c:v", plan.ladder().video().codec(),
                        "-profile:v", plan.ladder().video().profile(), "-preset", plan.ladder().video().preset(),
                        "-b:v", kbps + "k", "-maxrate", at.maxKbps() + "k", "-bufsize", at.bufferKbps() + "k",
                        "-g", String.valueOf(plan.gopFrames()), "-keyint_min", String.valueOf(plan.gopFrames()),
                        "-sc_threshold", "0", "-flags", "+cgop"));
                a.addAll(ColourConversion.OUTPUT_TAGS);
                a.addAll(List.of("-f", "h264", "file:" + workDir.resolve(encodeFile(i, k)).toAbsolutePath()));
            }
        }
        StringBuilder compare = new StringBuilder();
        for (int i = 0, out = 0; i < n; i++) {
            for (int k = 0; k < p; k++, out++) {
                a.addAll(List.of("-dec", out + ":0"));
                compare.append(compare.isEmpty() ? "" : ";").append("[f").append(i).append('_').append(k).append("][dec:").append(out)
                        .append("]ssim@r").append(i).append('p').append(k).append("[q").append(out).append(']');
            }
        }
        a.addAll(List.of("-filter_complex", compare.toString()));
        for (int q = 0; q < n * p; q++) {
            a.addAll(List.of("-map", "[q" + q + "]", "-f", "null", "-"));
        }
        return a;
    }

    static int probeKbps(int configured, int probe) {
        return Math.min(configured, Math.max(LadderChooser.MIN_KBPS, configured / DIVISORS[probe]));
    }

    /** The measurements, tallest rung first; empty if any probe is missing from the log or its file. */
    public Optional<List<RungProbes>> read(String log, Path workDir) throws IOException {
        Map<String, Double> ssim = new HashMap<>();
        Matcher m = SSIM.matcher(log);
        while (m.find()) {
            ssim.put(m.group(1) + "/" + m.group(2), Double.parseDouble(m.group(3)));
        }
        List<RungProbes> rungs = new ArrayList<>();
        for (int i = 0; i < plan.rungs().size(); i++) {
            PlannedRung r = plan.rungs().get(i);
            List<RungProbes.Point> points = new ArrayList<>();
            for (int k = 0; k < DIVISORS.length; k++) {
                Path file = workDir.resolve(encodeFile(i, k));
                Double s = ssim.get(i + "/" + k);
                if (s == null || !Files.isRegularFile(file)) {
                    return Optional.empty();
                }
                double actual = Files.size(file) * 8 / 1000.0 / analysedSeconds();
                int kbps = probeKbps(r.videoKbps(), k);
                if (points.stream().noneMatch(x -> x.kbps() == kbps)) {
                    points.add(new RungProbes.Point(kbps, actual, s));
                }
            }
            rungs.add(new RungProbes(r.name(), r.videoKbps(), points));
        }
        return Optional.of(rungs);
    }

    public void cleanUp(Path workDir) throws IOException {
        for (int i = 0; i < plan.rungs().size(); i++) {
            for (int k = 0; k < DIVISORS.length; k++) {
                Files.deleteIfExists(workDir.resolve(encodeFile(i, k)));
            }
        }
    }

    private static String decimal(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
