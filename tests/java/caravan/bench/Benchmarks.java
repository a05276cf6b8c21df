package caravan.bench;

import caravan.asset.ProbeSummary;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.probe.ProbeCommand;
import caravan.probe.ProbeReport;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.TranscodeCommand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Caravan's benchmarks, each measured against its baseline in the same run, alternating A B A B, and reported as
 * median [min-max] with the ratio. Run by bench/run (bench/run --quick for the short version).
 */
public final class Benchmarks {
    private final boolean quick;
    private final Path scratch;
    private final FfmpegTools tools = TestClips.tools();
    private final Ladder ladder = Ladder.load(Path.of("config/ladder.json"));
    private final StringBuilder report = new StringBuilder();

    private Benchmarks(boolean quick, Path scratch) {
        this.quick = quick;
        this.scratch = scratch;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Path scratch = Files.createDirectories(Path.of("target", "bench"));
        Benchmarks b = new Benchmarks(quick, scratch);
        b.line("machine: %d cores, %s; %s", Runtime.getRuntime().availableProcessors(), cpuModel(), b.tools.version());
        b.overhead();
        b.onePassVersusPerRung();
        b.latencyToStart();
        Files.writeString(scratch.resolve(quick ? "results-quick.txt" : "results.txt"), b.report.toString());
        System.exit(0);
    }

    /** P1: drop to asset.ready at a webhook receiver, versus the bare ffmpeg command Caravan runs for that asset. */
    private void overhead() throws Exception {
        int seconds = quick ? 10 : 60;
        Path clip = quick ? clip("bench-720p-10s.mp4", "1280x720", 10) : clip("bench-1080p-60s.mp4", "1920x1080", 60);
        int pairs = 3;
        List<Double> caravan = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        try (WebhookReceiver hooks = new WebhookReceiver()) {
            Path data = scratch.resolve("overhead-data");
            deleteTree(data);
            int port = CaravanApp.freePort();
            ChildCaravan app = ChildCaravan.start(data, port, Map.of("CARAVAN_WEBHOOK_URLS", hooks.url()),
                    scratch.resolve("overhead.log"), List.of("-Dcaravan.webhook.pollMillis=100"));
            try {
                for (int i = 0; i < pairs; i++) {
                    Path variant = TestClips.variant(clip, "overhead-" + i + "-" + System.nanoTime());
                    caravan.add(caravanSeconds(app, hooks, data, variant, "run-" + i + ".mp4"));
                    bare.add(bareFfmpegSeconds(variant));
                }
            } finally {
                app.close();
            }
        }
        double ratio = median(caravan) / median(bare);
        line("P1 pipeline overhead (%d s clip): caravan %s s, bare ffmpeg %s s", seconds, summary(caravan), summary(bare));
        line("overhead %.2fx (target <= 1.05 for the 60 s clip)", ratio);
    }

    private double caravanSeconds(ChildCaravan app, WebhookReceiver hooks, Path data, Path clip, String name) throws Exception {
        Path tmp = data.resolve("inbox").resolve("." + name + ".part");
        Files.copy(clip, tmp, StandardCopyOption.REPLACE_EXISTING);
        int before = readyCount(hooks);
        long start = System.nanoTime();
        Files.move(tmp, data.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        while (readyCount(hooks) == before) {
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static int readyCount(WebhookReceiver hooks) {
        return (int) hooks.received().stream().filter(r -> r.answeredWith() < 300 && r.body().contains("\"asset.ready\"")).count();
    }

    /** The same ffmpeg command Caravan builds for this source (same plan, same options, AES-128 included). */
    private double bareFfmpegSeconds(Path clip) throws Exception {
        LadderPlan plan = LadderPlanner.plan(probe(clip), ladder);
        Path out = Files.createDirectories(scratch.resolve("bare-" + System.nanoTime()));
        Path key = out.resolve("k.key");
        Files.write(key, new byte[16]);
        Path info = Files.writeString(out.resolve("k.info"), "/keys/x\n" + key.toAbsolutePath() + "\n");
        List<String> args = TranscodeCommand.arguments(plan, clip, out.resolve("hls"), out.resolve("progress.txt"), untrusted(), info);
        Files.createDirectories(out.resolve("hls"));
        double took = run(args);
        deleteTree(out);
        return took;
    }

    /** P2: one ffmpeg process for the whole ladder versus one process per rung, run one after another. */
    private void onePassVersusPerRung() throws Exception {
        Path clip = quick ? clip("bench-1080p-6s.mp4", "1920x1080", 6) : clip("bench-1080p-20s.mp4", "1920x1080", 20);
        LadderPlan plan = LadderPlanner.plan(probe(clip), ladder);
        List<LadderPlan.PlannedRung> rungs = plan.rungs().stream().filter(r -> r.height() <= 1080).limit(4).toList();
        LadderPlan four = new LadderPlan(rungs, plan.audio(), plan.frameRate(), plan.deinterlace(), plan.ladder());
        List<Double> one = new ArrayList<>();
        List<Double> separate = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            one.add(ladderSeconds(clip, four));
            double sum = 0;
            for (LadderPlan.PlannedRung r : rungs) {
                sum += ladderSeconds(clip, new LadderPlan(List.of(r), plan.audio(), plan.frameRate(), plan.deinterlace(), plan.ladder()));
            }
            separate.add(sum);
        }
        line("P2 one pass vs one process per rung (%d rungs of a 1080p clip): one pass %s s, per rung %s s, ratio %.2fx (target <= 0.75)",
                rungs.size(), summary(one), summary(separate), median(one) / median(separate));
    }

    private double ladderSeconds(Path clip, LadderPlan plan) throws Exception {
        Path out = Files.createDirectories(scratch.resolve("ladder-" + System.nanoTime()));
        Files.createDirectories(out.resolve("hls"));
        double took = run(TranscodeCommand.arguments(plan, clip, out.resolve("hls"), out.resolve("p.txt"), untrusted()));
        deleteTree(out);
        return took;
    }

    /** P5: a complete file landing in the inbox until ffmpeg starts. */
    private void latencyToStart() throws Exception {
        Path clip = clip("bench-360p-4s.mp4", "640x360", 4);
        Path data = scratch.resolve("latency-data");
        deleteTree(data);
        List<Double> latencies = new ArrayList<>();
        ChildCaravan app = ChildCaravan.start(data, CaravanApp.freePort(), Map.of(), scratch.resolve("latency.log"));
        try {
            for (int i = 0; i < 3; i++) {
                Path variant = TestClips.variant(clip, "latency-" + i + "-" + System.nanoTime());
                Path tmp = data.resolve("inbox").resolve(".l" + i + ".part");
                Files.copy(variant, tmp);
                long start = System.nanoTime();
                Files.move(tmp, data.resolve("inbox").resolve("l" + i + ".mp4"), StandardCopyOption.ATOMIC_MOVE);
                String marker = "file:" + data.resolve("work").toAbsolutePath();
                while (ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("-progress")
                        && p.info().arguments().map(a -> Arrays.stream(a).anyMatch(x -> x.startsWith(marker))).orElse(false))) {
                    Thread.sleep(5);
                }
                latencies.add((System.nanoTime() - start) / 1e9);
                Thread.sleep(6000);
            }
        } finally {
            app.close();
        }
        line("P5 latency from a complete file in the inbox to ffmpeg starting: %s s (target < 1 s)", summary(latencies));
    }

    private ProbeSummary probe(Path clip) throws Exception {
        List<String> cmd = new ArrayList<>(tools.ffprobe());
        cmd.addAll(ProbeCommand.arguments(clip, untrusted()));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return ProbeReport.parse(json);
    }

    private UntrustedInput untrusted() {
        return new UntrustedInput("mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,mpegts,mpeg,mp3,aac,wav,flac,ogg,avi,mxf", 4096L * 2304);
    }

    private double run(List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(tools.ffmpeg());
        cmd.addAll(args);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + String.join(" ", cmd));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Moderately complex content: testsrc2 with noise, so the encoder has real work to do. */
    private Path clip(String name, String size, int seconds) {
        return TestClips.make(name, List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:duration=" + seconds,
                "-vf", "noise=alls=12:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "8M", "-c:a", "aac", "-shortest"));
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }

    private static String summary(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", median(values), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        caravan.DataFolders.deleteTree(dir);
    }
}
