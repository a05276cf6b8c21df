package caravan.bench;

import caravan.asset.Asset;
import caravan.asset.LadderChoice;
import caravan.asset.ProbeSummary;
import caravan.complexity.ComplexityProbe;
import caravan.complexity.LadderChooser;
import caravan.complexity.PerTitleSettings;
import caravan.complexity.RungProbes;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.testing.TestClips;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.TranscodeCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * P8: per-title ladders against the configured (fixed) ladder, on a corpus made at bench time (lecture-like: slides,
 * a picture-in-picture talking head, a whiteboard drawn slowly, a screen recording; high motion: noise and a
 * sport-like zoom) plus the real samples in ../shared/samples (their licences allow it; never copied into the repo).
 * For each clip, the same code Caravan runs: the plan, the analysis ({@link ComplexityProbe}) and the choice
 * ({@link LadderChooser}) with the default settings, then both ladders encoded by Caravan's one-pass command (video
 * only: the audio is the same in both). Reported: video bytes of each ladder, each rung's SSIM against the source
 * (decoded apart from the encode, source on the same frames at the rung's size), and the analysis's CPU time as a share
 * of the per-title encode's (user + system, from /usr/bin/time).
 */
final class PerTitleBenchmark {
    private static final Pattern SSIM = Pattern.compile("SSIM .*All:([0-9.]+)");
    private static final String FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    private final FfmpegTools tools;
    private final Ladder ladder;
    private final Path scratch;
    private final Path results;
    private final Consumer<String> line;
    private final Function<Path, ProbeSummary> probe;
    private final UntrustedInput untrusted;
    private final boolean quick;
    /** The defaults of application.properties. */
    private final PerTitleSettings settings = new PerTitleSettings(PerTitleSettings.PER_TITLE, List.of(), 0.001, 0.03);

    PerTitleBenchmark(FfmpegTools tools, Ladder ladder, Path scratch, Path results, Consumer<String> line,
                      Function<Path, ProbeSummary> probe, UntrustedInput untrusted, boolean quick) {
        this.tools = tools;
        this.ladder = ladder;
        this.scratch = scratch;
        this.results = results;
        this.line = line;
        this.probe = probe;
        this.untrusted = untrusted;
        this.quick = quick;
    }

    /**
     * @param cappedCpu the CPU of the analysis as it runs on a long video (the most windows), measured on this clip
     * @param seconds   the clip's duration
     */
    record Outcome(String clip, boolean lecture, long fixedBytes, long perTitleBytes, Map<String, double[]> ssim,
                   double analysisCpu, double encodeCpu, LadderChoice choice, double cappedCpu, double cappedSeconds, double seconds) {
        /** The duration from which the capped analysis costs at most 10 % of the encode (whose CPU grows with the duration). */
        double breakEvenSeconds() {
            return cappedCpu / (0.10 * encodeCpu / seconds);
        }
    }

    void run() throws Exception {
        int seconds = quick ? 8 : 30;
        Map<String, Path> lecture = new LinkedHashMap<>();
        lecture.put("slides", make("p8-slides", seconds, "color=c=0xf4f4f0:size=1280x720:rate=25", slides()));
        lecture.put("talking head (PiP)", pictureInPicture(seconds));
        lecture.put("whiteboard", make("p8-whiteboard", seconds, "color=c=white:size=1280x720:rate=25", whiteboard()));
        lecture.put("screen recording", make("p8-screen", seconds, "color=c=0x1e1e1e:size=1280x720:rate=25", screen()));
        Map<String, Path> motion = new LinkedHashMap<>();
        motion.put("noise", make("p8-noise", seconds, "testsrc2=size=1280x720:rate=25", "noise=alls=25:allf=t+u"));
        motion.put("sport-like (mandelbrot zoom)", make("p8-sport", seconds, "mandelbrot=size=1280x720:rate=25", "null"));
        Path samples = samples();
        if (!quick && samples != null) {
            for (String name : List.of("squirrel_720p25_h264_aac.mp4", "bbb_720p_vp8_vorbis_0_30.webm")) {
                if (Files.isRegularFile(samples.resolve(name))) {
                    motion.put(name + " (real)", samples.resolve(name));
                }
            }
        }
        String clips = System.getenv("P8_CLIPS"); // a trial on some clips only, e.g. P8_CLIPS=noise,slides (not for the record)
        if (clips != null && !clips.isBlank()) {
            List<String> wanted = List.of(clips.split(","));
            lecture.keySet().removeIf(k -> wanted.stream().noneMatch(k::contains));
            motion.keySet().removeIf(k -> wanted.stream().noneMatch(k::contains));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Map.Entry<String, Path> c : lecture.entrySet()) {
            outcomes.add(measure(c.getKey(), c.getValue(), true));
            System.out.println("P8 measured " + c.getKey());
        }
        for (Map.Entry<String, Path> c : motion.entrySet()) {
            outcomes.add(measure(c.getKey(), c.getValue(), false));
            System.out.println("P8 measured " + c.getKey());
        }
        line.accept(String.format(Locale.ROOT, "P8 per-title ladders vs the configured ladder (%s, video only, %d s synthetic clips at 720p;"
                + " defaults: SSIM within %.3f of the configured bitrate's, %.0f%% of the duration analysed):",
                ladder.video().preset(), seconds, settings.tolerance(), settings.analysisShare() * 100));
        Map<String, double[][]> chart = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            double worst = o.ssim.values().stream().filter(s -> !Double.isNaN(s[1])).mapToDouble(s -> s[1] - s[0]).min().orElse(0);
            StringBuilder rungs = new StringBuilder();
            o.ssim.forEach((rung, s) -> rungs.append(String.format(Locale.ROOT, " %s %.4f/%s", rung, s[0],
                    Double.isNaN(s[1]) ? "dropped" : String.format(Locale.ROOT, "%.4f (analysis expected %+.4f)", s[1],
                            o.choice.rungs().stream().filter(r -> r.name().equals(rung)).mapToDouble(r -> r.ssimExpected() - r.ssimAtConfigured())
                                    .findFirst().orElse(Double.NaN)))));
            line.accept(String.format(Locale.ROOT, "    %-30s %s bytes %.2fx (%d -> %d kB), worst rung SSIM %+.4f, analysis CPU %.1f%% of the encode",
                    o.clip, o.lecture ? "lecture" : "motion ", (double) o.perTitleBytes / o.fixedBytes, o.fixedBytes / 1000,
                    o.perTitleBytes / 1000, worst, 100 * o.analysisCpu / o.encodeCpu));
            line.accept(String.format(Locale.ROOT, "        analysis %.1f CPU s, encode %.1f CPU s; the analysis of a long video (%.0f s analysed)"
                    + " %.1f CPU s: at most 10%% of the encode from %.0f s of video", o.analysisCpu, o.encodeCpu, o.cappedSeconds,
                    o.cappedCpu, o.breakEvenSeconds()));
            line.accept("        SSIM fixed/per-title:" + rungs + "; chosen " + o.choice.rungs().stream()
                    .map(r -> r.name() + " " + r.chosenKbps() + "/" + r.configuredKbps()).toList() + " kb/s, complexity " + o.choice.complexity());
            chart.put(o.clip, new double[][] {{o.fixedBytes / 1e6, mean(o.ssim, 0)}, {o.perTitleBytes / 1e6, mean(o.ssim, 1)}});
        }
        verdicts(outcomes);
        try {
            Charts.bytesVersusSsim(results.resolve("p8-per-title.png"), "P8: published video MB vs mean rung SSIM, fixed to per-title", chart);
        } catch (RuntimeException | IOException e) {
            line.accept("    (the chart could not be drawn: " + e + ")");
        }
    }

    private void verdicts(List<Outcome> outcomes) {
        long lectureFixed = outcomes.stream().filter(Outcome::lecture).mapToLong(Outcome::fixedBytes).sum();
        long lecturePerTitle = outcomes.stream().filter(Outcome::lecture).mapToLong(Outcome::perTitleBytes).sum();
        double lectureWorst = worst(outcomes, true);
        double motionWorst = worst(outcomes, false);
        double maxCpu = outcomes.stream().filter(o -> !o.clip.endsWith("(real)")).mapToDouble(o -> o.analysisCpu / o.encodeCpu).max().orElse(0);
        line.accept(String.format(Locale.ROOT, "    lecture-like: total bytes %.2fx fixed (target <= 0.60), worst rung SSIM %+.4f (target >= -0.002)",
                (double) lecturePerTitle / lectureFixed, lectureWorst));
        line.accept(String.format(Locale.ROOT, "    high motion: worst rung SSIM %+.4f (target >= -0.002)", motionWorst));
        line.accept(String.format(Locale.ROOT, "    analysis CPU: at most %.1f%% of the encode on the synthetic clips (target <= 10%%)", 100 * maxCpu));
        line.accept(String.format(Locale.ROOT, "    the analysis of a long video (capped) is at most 10%% of the encode from %.0f s of video on every synthetic clip",
                outcomes.stream().filter(o -> !o.clip.endsWith("(real)")).mapToDouble(Outcome::breakEvenSeconds).max().orElse(0)));
    }

    private static double worst(List<Outcome> outcomes, boolean lecture) {
        return outcomes.stream().filter(o -> o.lecture == lecture).flatMap(o -> o.ssim.values().stream())
                .filter(s -> !Double.isNaN(s[1])).mapToDouble(s -> s[1] - s[0]).min().orElse(0);
    }

    private static double mean(Map<String, double[]> ssim, int which) {
        return ssim.values().stream().filter(s -> !Double.isNaN(s[which])).mapToDouble(s -> s[which]).average().orElse(0);
    }

    private Outcome measure(String name, Path clip, boolean isLecture) throws Exception {
        ProbeSummary summary = probe.apply(clip);
        LadderPlan withAudio = LadderPlanner.plan(summary, ladder);
        LadderPlan fixed = new LadderPlan(withAudio.rungs(), false, withAudio.frameRate(), withAudio.deinterlace(), ladder, withAudio.colour());
        Path dir = Files.createDirectories(scratch.resolve("p8-" + System.nanoTime()).toAbsolutePath());
        ComplexityProbe analysis = ComplexityProbe.of(fixed, summary.durationSeconds(), settings.analysisShare());
        Timed probeRun = timed(analysis.arguments(clip, dir, untrusted), dir);
        List<RungProbes> measured = analysis.read(probeRun.log, dir).orElseThrow(() -> new IllegalStateException("analysis failed: " + probeRun.log));
        analysis.cleanUp(dir);
        LadderPlan.PlannedRung top = fixed.rungs().get(0);
        double complexity = measured.get(0).atConfigured().actualKbps() * 1000 / ((double) top.width() * top.height() * fixed.frameRate());
        LadderChoice choice = LadderChooser.choose(measured, settings, summary.durationSeconds(), complexity, analysis.analysedSeconds());
        Asset asset = new Asset();
        asset.setProbe(summary);
        asset.setLadderChoice(choice);
        LadderPlan chosen = LadderPlanner.plan(asset, ladder);
        chosen = new LadderPlan(chosen.rungs(), false, chosen.frameRate(), chosen.deinterlace(), ladder, chosen.colour());

        Path fixedOut = Files.createDirectories(dir.resolve("fixed"));
        timed(TranscodeCommand.arguments(fixed, clip, fixedOut, dir.resolve("p1.txt"), untrusted, null), dir);
        Path perTitleOut = Files.createDirectories(dir.resolve("per-title"));
        Timed encode = timed(TranscodeCommand.arguments(chosen, clip, perTitleOut, dir.resolve("p2.txt"), untrusted, null), dir);
        Map<String, double[]> ssim = new LinkedHashMap<>();
        for (LadderPlan.PlannedRung r : fixed.rungs()) {
            boolean kept = chosen.rungs().stream().anyMatch(x -> x.name().equals(r.name()));
            ssim.put(r.name(), new double[] {ssim(fixedOut.resolve(r.name()).resolve("index.m3u8"), clip, r, fixed.frameRate()),
                    kept ? ssim(perTitleOut.resolve(r.name()).resolve("index.m3u8"), clip, r, fixed.frameRate()) : Double.NaN});
        }
        ComplexityProbe capped = ComplexityProbe.of(fixed, summary.durationSeconds(), 1); // as many windows as a long video gets
        Path cappedDir = Files.createDirectories(dir.resolve("capped"));
        double cappedCpu = timed(capped.arguments(clip, cappedDir, untrusted), cappedDir).cpu;
        Outcome o = new Outcome(name, isLecture, bytes(fixedOut), bytes(perTitleOut), ssim, probeRun.cpu, encode.cpu, choice, cappedCpu,
                capped.analysedSeconds(), summary.durationSeconds());
        caravan.DataFolders.deleteTree(dir);
        return o;
    }

    private record Timed(double cpu, String log) {
    }

    /** ffmpeg under /usr/bin/time: its CPU seconds (user + system) and its error output. */
    private Timed timed(List<String> args, Path dir) throws Exception {
        Path cpu = dir.resolve("cpu.txt");
        Path log = dir.resolve("ffmpeg.log");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "%U %S", "-o", cpu.toString()));
        cmd.addAll(tools.ffmpeg());
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + Files.readString(log));
        }
        String[] t = Files.readString(cpu).strip().split("\\s+");
        return new Timed(Double.parseDouble(t[t.length - 2]) + Double.parseDouble(t[t.length - 1]), Files.readString(log));
    }

    private double ssim(Path playlist, Path source, LadderPlan.PlannedRung rung, double fps) throws Exception {
        List<String> cmd = new ArrayList<>(tools.ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-nostats", "-i", playlist.toString(), "-i", source.toString(), "-lavfi",
                String.format(Locale.ROOT, "[0:v]setpts=PTS-STARTPTS[d];[1:v]fps=%.6f,format=yuv420p,scale=%d:%d:flags=bicubic,setsar=1,"
                        + "setpts=PTS-STARTPTS[ref];[d][ref]ssim", fps, rung.width(), rung.height()), "-f", "null", "-"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = SSIM.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no SSIM in ffmpeg's output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static long bytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".ts")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static Path samples() {
        for (Path p : List.of(Path.of("..", "shared", "samples"), Path.of("..", "..", "shared", "samples"))) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }

    private Path make(String name, int seconds, String source, String filters) {
        return TestClips.make(name + "-" + seconds + "s.mp4", List.of("-f", "lavfi", "-i", source, "-t", String.valueOf(seconds),
                "-vf", filters + ",format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-crf", "12"));
    }

    private static boolean font() {
        return Files.isRegularFile(Path.of(FONT));
    }

    private static String text(String what, String x, String y, int size, String colour) {
        return font() ? "drawtext=fontfile=" + FONT + ":text='" + what + "':x=" + x + ":y=" + y + ":fontsize=" + size + ":fontcolor=" + colour
                : "drawbox=x=" + x.replace("t", "0") + ":y=" + y + ":w=" + size * 12 + ":h=" + size + ":color=" + colour + ":t=fill";
    }

    /** A slide deck: a title, three lines of text and a chart that change every 5 s. */
    private static String slides() {
        return String.join(",",
                text("Lecture 4, slide %{eif\\:trunc(t/5)+1\\:d}", "80", "60", 56, "0x202060"),
                text("Dose %{eif\\:trunc(t/5)*7+3\\:d} mg/kg - renal clearance", "100", "200", 36, "black"),
                text("Contraindicated when eGFR < %{eif\\:30+trunc(t/5)*5\\:d} ml/min", "100", "270", 36, "black"),
                text("Monitor levels at day %{eif\\:2+trunc(t/5)\\:d}", "100", "340", 36, "black"),
                "drawbox=x=100:y=440:w=200+150*trunc(t/5):h=160:color=0x3070c0:t=fill");
    }

    /** A whiteboard: lines of marker drawn slowly, one after another. */
    private static String whiteboard() {
        List<String> strokes = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            strokes.add(String.format(Locale.ROOT, "drawbox=x=120:y=%d:w='min(1000,max(0,(t-%d)*120))':h=6:color=0x1040a0:t=fill",
                    120 + k * 90, k * 4));
        }
        return String.join(",", strokes);
    }

    /** A screen recording: an editor's text scrolling now and then, and a moving pointer. */
    private static String screen() {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 14; k++) {
            lines.add(text("    return plan.rungs().get(" + k + ").videoKbps() * 107 / 100;  // line " + (k + 10), "40",
                    String.format(Locale.ROOT, "%d-40*trunc(t/6)", 40 + k * 48), 28, k % 3 == 0 ? "0x9cdcfe" : "0xd4d4d4"));
        }
        lines.add("drawbox=x='400+200*sin(t/2)':y='300+100*cos(t/3)':w=14:h=22:color=white:t=fill");
        return String.join(",", lines);
    }

    /** A talking head in a corner of a slide: moving picture in a quarter of the frame. */
    private Path pictureInPicture(int seconds) {
        return TestClips.make("p8-pip-" + seconds + "s.mp4", List.of(
                "-f", "lavfi", "-i", "color=c=0xf4f4f0:size=1280x720:rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "testsrc2=size=400x300:rate=25:duration=" + seconds,
                "-filter_complex", "[0:v]" + slides() + "[bg];[1:v]noise=alls=6:allf=t,hue=s=0.6[head];"
                        + "[bg][head]overlay=x=860:y=400,format=yuv420p",
                "-c:v", "libx264", "-preset", "veryfast", "-crf", "12"));
    }
}
