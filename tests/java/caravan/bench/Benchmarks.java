package caravan.bench;

import caravan.asset.Json;
import caravan.asset.ProbeSummary;
import caravan.delivery.OriginViewers;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.UntrustedInput;
import caravan.probe.ProbeCommand;
import caravan.probe.ProbeReport;
import caravan.testing.AwsStack;
import caravan.testing.ChildCaravan;
import caravan.testing.MotoServer;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.TranscodeCommand;
import com.fasterxml.jackson.databind.JsonNode;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * Caravan's benchmarks, each measured against its baseline in the same run, alternating A B A B, and reported as
 * median [min-max] with the ratio. Caravan runs as {@code ./caravan run} starts it: its own JVM options and default
 * settings. Run by bench/run (bench/run --quick for the short version); results and charts go to bench/results/
 * (the quick version's to target/bench/quick/).
 */
public final class Benchmarks {
    private static final Pattern SSIM = Pattern.compile("SSIM .*All:([0-9.]+)");
    private static final Pattern ROUTE_SUM = Pattern.compile("camel_route_policy_seconds_sum\\{[^}]*routeId=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)");

    private final boolean quick;
    private final Path scratch;
    private final Path results;
    private final FfmpegTools tools = TestClips.tools();
    private final Ladder ladder = Ladder.load(Path.of("config/ladder.json"));
    private final StringBuilder report = new StringBuilder();

    private Benchmarks(boolean quick, Path scratch, Path results) {
        this.quick = quick;
        this.scratch = scratch;
        this.results = results;
    }

    public static void main(String[] args) throws Exception {
        List<String> options = Arrays.asList(args);
        boolean quick = options.contains("--quick");
        Path scratch = Files.createDirectories(Path.of("target", "bench"));
        // a check of P7's harness on a short clip (bench/run P7 --p7-seconds 90) keeps the measurement's results
        ChunkingBenchmark.Options p7 = ChunkingBenchmark.Options.from(options);
        Path results = Files.createDirectories(quick ? scratch.resolve("quick")
                : p7.check() ? scratch.resolve("p7-check") : Path.of("bench", "results"));
        Benchmarks b = new Benchmarks(quick, scratch, results);
        List<String> only = options.stream().filter(o -> o.matches("P[0-9]+")).toList();
        b.line("machine: %d cores, %s; %s; %s", Runtime.getRuntime().availableProcessors(), cpuModel(), b.tools.version(),
                (quick ? "quick run" : "full run") + (only.isEmpty() ? "" : " of " + String.join(", ", only)));
        if (only.isEmpty() || only.contains("P1")) {
            b.overhead();
        }
        if (only.isEmpty() || only.contains("P2")) {
            b.onePassVersusPerRung();
        }
        if (only.isEmpty() || only.contains("P3")) {
            b.memory();
        }
        if (only.isEmpty() || only.contains("P4")) {
            b.burst();
        }
        if (only.isEmpty() || only.contains("P5")) {
            b.latencyToStart();
        }
        if (only.isEmpty() || only.contains("P6")) {
            b.presets();
        }
        if (only.contains("P7") || only.isEmpty() && !quick) { // about 45 minutes of both cores: never in the quick run
            new ChunkingBenchmark(b.tools, b.ladder, scratch, results, t -> b.line("%s", t), p7).run();
        }
        if (only.isEmpty() || only.contains("P8")) {
            new PerTitleBenchmark(b.tools, b.ladder, scratch, results, t -> b.line("%s", t), c -> {
                try {
                    return b.probe(c);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, b.untrusted(), quick).run();
        }
        if (only.isEmpty() || only.contains("P9")) {
            b.originUnderLoad();
        }
        if (only.isEmpty() || only.contains("P10")) {
            b.listAtScale();
        }
        // a run of some measurements only (bench/run P3) keeps the full run's results.txt
        Files.writeString(results.resolve(only.isEmpty() ? "results.txt" : "results-" + String.join("-", only) + ".txt"), b.report.toString());
        System.out.println("results and charts: " + results);
        System.exit(0);
    }

    // ---------------------------------------------------------------------------------------------- P1

    /** P1: drop to asset.ready at a webhook receiver, versus the bare ffmpeg command Caravan runs for that asset. */
    private void overhead() throws Exception {
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (!quick) {
            inputs.put("60 s 1080p", clip("bench-1080p-60s.mp4", "1920x1080", 60));
        }
        inputs.put("10 s 720p", clip("bench-720p-10s.mp4", "1280x720", 10));
        Path squirrel = Path.of("..", "shared", "samples", "squirrel_720p25_h264_aac.mp4");
        if (!quick && Files.isRegularFile(squirrel)) {
            inputs.put("squirrel sample", squirrel);
        }
        Map<String, Map<String, Double>> stages = new LinkedHashMap<>();
        for (Map.Entry<String, Path> input : inputs.entrySet()) {
            List<Double> caravan = new ArrayList<>();
            List<Double> bare = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            List<Double> caravanCpu = new ArrayList<>();
            List<Double> bareCpu = new ArrayList<>();
            List<Double> plainCpu = new ArrayList<>();
            long self = ProcessHandle.current().pid();
            List<Map<String, Double>> runs = new ArrayList<>();
            LadderPlan plan = LadderPlanner.plan(probe(input.getValue()), ladder);
            Path data = fresh("overhead-data");
            try (WebhookReceiver hooks = new WebhookReceiver();
                 ChildCaravan app = ChildCaravan.startWithDefaults(data, Map.of("CARAVAN_WEBHOOK_URLS", hooks.url()), log("overhead"));
                 TranscodeCommands commands = new TranscodeCommands(data, 250)) {
                for (int i = 0; i < 3; i++) {
                    Path variant = TestClips.variant(input.getValue(), "overhead-" + i + "-" + System.nanoTime());
                    double cpu = CpuSeconds.withChildren(app.pid());
                    Map<String, Double> run = caravanRun(app, hooks, data, variant, "run-" + i + ".mp4");
                    caravanCpu.add(CpuSeconds.withChildren(app.pid()) - cpu);
                    runs.add(run);
                    caravan.add(run.values().stream().mapToDouble(Double::doubleValue).sum());
                    List<List<String>> ran = commands.all();
                    cpu = CpuSeconds.children(self);
                    bare.add(replay(ran.get(ran.size() - 1), data, variant));
                    bareCpu.add(CpuSeconds.children(self) - cpu);
                    cpu = CpuSeconds.children(self);
                    plain.add(plainLadder(variant, plan));
                    plainCpu.add(CpuSeconds.children(self) - cpu);
                }
            }
            double ratio = median(caravan) / median(bare);
            line("P1b the whole asset with every default output vs the plain %d-rung ladder a user would write (same"
                    + " bitrates, preset, GOP and segments; no quality measurement, poster, thumbnails, storyboard,"
                    + " loudness or encryption), %s: caravan %s s, plain ffmpeg %s s: %.2fx (target <= 1.05 for the 60 s clip)",
                    plan.rungs().size(), input.getKey(), summary(caravan), summary(plain), median(caravan) / median(plain));
            line("P1 pipeline overhead, %s: caravan %s s, bare ffmpeg %s s", input.getKey(), summary(caravan), summary(bare));
            line("overhead %.2fx on the %s clip (target <= 1.05 for the 60 s clip)", ratio, input.getKey());
            line("    CPU seconds (Caravan's JVM and every process it ran, drop to ready; the command alone; the plain ladder),"
                    + " %s: caravan %s, bare %s, plain %s: P1 %.2fx, P1b %.2fx", input.getKey(), summary(caravanCpu), summary(bareCpu),
                    summary(plainCpu), median(caravanCpu) / median(bareCpu), median(caravanCpu) / median(plainCpu));
            Map<String, Double> medianRun = runs.get(caravan.indexOf(median(caravan))); // 3 runs: the median is one of them
            line("    where the median Caravan run's time went: %s", describe(medianRun));
            stages.put("Caravan, " + input.getKey(), medianRun);
            stages.put("bare ffmpeg, " + input.getKey(), Map.of("transcode", median(bare)));
        }
        Charts.stackedStages(results.resolve("p1-overhead.png"), "P1: drop to asset.ready, by stage, vs the bare ffmpeg command", stages);
    }

    /**
     * One upload through Caravan, split into stages: waiting to be taken, then the routes' own time (Camel's route
     * timers, read before and after), then the rest (queueing, the webhook).
     */
    private Map<String, Double> caravanRun(ChildCaravan app, WebhookReceiver hooks, Path data, Path clip, String name) throws Exception {
        Path tmp = data.resolve("inbox").resolve("." + name + ".part");
        Files.copy(clip, tmp, StandardCopyOption.REPLACE_EXISTING);
        Map<String, Double> before = routeSeconds(app);
        int ready = readyCount(hooks);
        long dropped = System.currentTimeMillis();
        long start = System.nanoTime();
        Files.move(tmp, data.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
        while (readyCount(hooks) == ready) {
            Thread.sleep(10);
        }
        double total = (System.nanoTime() - start) / 1e9;
        Map<String, Double> after = routeSeconds(app);
        JsonNode asset = Json.MAPPER.readTree(app.get("/api/assets?limit=1").body()).path("items").get(0);
        double taken = (Instant.parse(asset.path("createdAt").asText()).toEpochMilli() - dropped) / 1000.0;
        double probe = delta(after, before, "probe");
        double transcodeAll = delta(after, before, "transcode-ffmpeg");
        double outputs = delta(after, before, "outputs");
        double pipeline = delta(after, before, "pipeline");
        Map<String, Double> stages = new LinkedHashMap<>();
        stages.put("taken from the inbox", Math.max(0, taken));
        stages.put("probe and hash", probe);
        stages.put("transcode", transcodeAll - outputs);
        stages.put("outputs", outputs);
        stages.put("sidecar and publish", Math.max(0, pipeline - probe - transcodeAll));
        stages.put("queue and webhook", Math.max(0, total - Math.max(0, taken) - pipeline));
        return stages;
    }

    private static Map<String, Double> routeSeconds(ChildCaravan app) throws Exception {
        Map<String, Double> sums = new LinkedHashMap<>();
        Matcher m = ROUTE_SUM.matcher(app.management("/observe/metrics"));
        while (m.find()) {
            sums.merge(m.group(1), Double.parseDouble(m.group(2)), Double::sum);
        }
        return sums;
    }

    private static double delta(Map<String, Double> after, Map<String, Double> before, String route) {
        return after.getOrDefault(route, 0.0) - before.getOrDefault(route, 0.0);
    }

    private static String describe(Map<String, Double> stages) {
        StringBuilder b = new StringBuilder();
        stages.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(String.format(Locale.ROOT, " %.2f s", v)));
        return b.toString();
    }

    private static int readyCount(WebhookReceiver hooks) {
        return (int) hooks.received().stream().filter(r -> r.answeredWith() < 300 && r.body().contains("\"asset.ready\"")).count();
    }

    /**
     * Runs, on its own, a transcode command Caravan ran: the same arguments, with the asset's work folder replaced by
     * a scratch folder holding a copy of the source and a key of its own.
     */
    private double replay(List<String> args, Path data, Path source) throws Exception {
        String workPrefix = data.resolve("work").toAbsolutePath() + "/";
        String inWork = args.stream().filter(a -> a.contains(workPrefix)).findFirst().orElseThrow();
        String after = inWork.substring(inWork.indexOf(workPrefix) + workPrefix.length());
        String assetDir = workPrefix + after.substring(0, after.indexOf('/'));
        Path bare = Files.createDirectories(scratch.resolve("bare-" + System.nanoTime()).toAbsolutePath());
        List<String> rewritten = args.stream().map(a -> a.replace(assetDir, bare.toString())).toList();
        Files.copy(source, bare.resolve("source"));
        Files.createDirectories(bare.resolve("hls"));
        for (String a : rewritten) {
            String path = a.startsWith("file:") ? a.substring(5) : a;
            if (path.startsWith(bare.toString()) && !Path.of(path).getParent().toString().contains("%")) {
                Files.createDirectories(Path.of(path).getParent());
            }
        }
        Files.createDirectories(bare.resolve("quality")); // the in-pass quality measurement's stats files, relative to it
        int keyInfo = rewritten.indexOf("-hls_key_info_file");
        if (keyInfo >= 0) {
            Path key = Files.write(bare.resolve("bench.key"), new byte[16]);
            Files.writeString(Path.of(rewritten.get(keyInfo + 1)), "/keys/bench\n" + key + "\n");
        }
        double took = run(rewritten, bare);
        deleteTree(bare);
        return took;
    }

    /**
     * P1b's baseline: the ladder as a user would write it by hand in one ffmpeg command, with Caravan's settings
     * (the rungs Caravan plans for this clip, their bitrates and VBV, the preset, profile, GOP and segment length, AAC
     * muxed into each rung) and nothing else: its wall time in seconds.
     */
    private double plainLadder(Path source, LadderPlan plan) throws Exception {
        Path out = Files.createDirectories(scratch.resolve("plain-" + System.nanoTime()).toAbsolutePath());
        int n = plan.rungs().size();
        StringBuilder graph = new StringBuilder("[0:v]split=" + n);
        for (int i = 0; i < n; i++) {
            graph.append("[s").append(i).append(']');
        }
        List<String> a = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y",
                "-i", source.toAbsolutePath().toString()));
        List<String> maps = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LadderPlan.PlannedRung r = plan.rungs().get(i);
            graph.append(";[s").append(i).append("]scale=").append(r.width()).append(':').append(r.height()).append("[v").append(i).append(']');
            maps.addAll(List.of("-map", "[v" + i + "]", "-c:v:" + i, ladder.video().codec(), "-b:v:" + i, r.videoKbps() + "k",
                    "-maxrate:v:" + i, r.maxKbps() + "k", "-bufsize:v:" + i, r.bufferKbps() + "k"));
            variants.add("v:" + i + (plan.audio() ? ",a:" + i : ""));
        }
        a.addAll(List.of("-filter_complex", graph.toString()));
        a.addAll(maps);
        a.addAll(List.of("-profile:v", ladder.video().profile(), "-preset", ladder.video().preset(),
                "-g", String.valueOf(plan.gopFrames()), "-keyint_min", String.valueOf(plan.gopFrames()), "-sc_threshold", "0"));
        if (plan.audio()) {
            for (int i = 0; i < n; i++) {
                a.addAll(List.of("-map", "0:a:0"));
            }
            a.addAll(List.of("-c:a", ladder.audio().codec(), "-b:a", ladder.audio().bitrateKbps() + "k",
                    "-ac", String.valueOf(ladder.audio().channels()), "-ar", String.valueOf(ladder.audio().sampleRate())));
        }
        a.addAll(List.of("-f", "hls", "-hls_time", String.valueOf(ladder.segmentSeconds()), "-hls_playlist_type", "vod",
                "-hls_segment_filename", out + "/%v/seg_%05d.ts", "-master_pl_name", "master.m3u8",
                "-var_stream_map", String.join(" ", variants), out + "/%v/index.m3u8"));
        double took = run(a, out);
        deleteTree(out);
        return took;
    }

    // ---------------------------------------------------------------------------------------------- P2

    /** P2: one ffmpeg process for the whole ladder versus one process per rung, run one after another. */
    private void onePassVersusPerRung() throws Exception {
        Path clip = quick ? clip("bench-1080p-4s.mp4", "1920x1080", 4) : clip("bench-1080p-20s.mp4", "1920x1080", 20);
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
        line("P2 one pass vs one process per rung (%d rungs of a %d s 1080p clip): one pass %s s, per rung %s s, ratio %.2fx (target <= 0.75)",
                rungs.size(), quick ? 4 : 20, summary(one), summary(separate), median(one) / median(separate));
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("one process, 4 rungs", spread(one));
        bars.put("4 processes in sequence", spread(separate));
        Charts.spreadBars(results.resolve("p2-one-pass.png"), "P2: one pass vs one process per rung", "seconds", bars);
    }

    private double ladderSeconds(Path clip, LadderPlan plan) throws Exception {
        Path out = Files.createDirectories(scratch.resolve("ladder-" + System.nanoTime()));
        Files.createDirectories(out.resolve("hls"));
        double took = run(TranscodeCommand.arguments(plan, clip, out.resolve("hls"), out.resolve("p.txt"), untrusted()));
        deleteTree(out);
        return took;
    }

    // ---------------------------------------------------------------------------------------------- P3

    /**
     * P3: the Caravan JVM's peak resident set while it processes a 2 GB input, versus a 10 s clip of the same
     * picture size (1080p), so that only the size of the file differs.
     */
    private void memory() throws Exception {
        Path small = clip("bench-1080p-10s.mp4", "1920x1080", 10);
        Path large = largeInput(quick ? 100L << 20 : 2L << 30);
        String largeName = String.format(Locale.ROOT, "%.1f GB input", Files.size(large) / 1e9);
        List<Double> smallPeaks = new ArrayList<>();
        List<Double> largePeaks = new ArrayList<>();
        Map<String, List<double[]>> lastRss = new LinkedHashMap<>();
        for (int i = 0; i < (quick ? 1 : 3); i++) {
            smallPeaks.add(peakRss(small, "10 s 1080p clip", lastRss));
            largePeaks.add(peakRss(large, largeName, lastRss));
        }
        double difference = median(largePeaks) - median(smallPeaks);
        line("P3 peak RSS of the Caravan JVM: %s %s MiB, 10 s 1080p clip %s MiB; difference %.0f MiB (target < 64), largest peak %.0f MiB (target: fits in 512)",
                largeName, summary(largePeaks), summary(smallPeaks), difference,
                Stream.concat(largePeaks.stream(), smallPeaks.stream()).mapToDouble(Double::doubleValue).max().orElse(0));
        Charts.overTime(results.resolve("p3-memory.png"), "P3: Caravan JVM resident set while processing one input",
                "RSS (MiB)", lastRss, 512.0);
    }

    /** A fresh Caravan with its default JVM options processes one file; the kernel's peak RSS for it, in MiB. */
    private double peakRss(Path input, String label, Map<String, List<double[]>> rssOverTime) throws Exception {
        Path data = fresh("memory-data");
        try (WebhookReceiver hooks = new WebhookReceiver();
             ChildCaravan app = ChildCaravan.startWithDefaults(data, Map.of("CARAVAN_WEBHOOK_URLS", hooks.url()), log("memory"));
             Sampler sampler = new Sampler(app.pid(), 200)) {
            String name = "memory" + input.getFileName().toString().replaceAll("[^a-z0-9.]", "");
            Path tmp = data.resolve("inbox").resolve("." + name + ".part");
            Files.copy(input, tmp);
            Files.move(tmp, data.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
            while (readyCount(hooks) == 0) {
                if (hooks.received().stream().anyMatch(r -> r.body().contains("\"asset.failed\""))) {
                    throw new IllegalStateException("Caravan failed the " + label + "; see " + log("memory"));
                }
                Thread.sleep(100);
            }
            double peak = sampler.peakRssMiB();
            rssOverTime.put(label, sampler.rssMiB());
            return peak;
        }
    }

    /** A long 1080p clip at a high bitrate, made once: a short chunk with noise, looped without re-encoding. */
    private Path largeInput(long bytes) throws Exception {
        Path file = scratch.resolve(String.format(Locale.ROOT, "large-%dMiB.mp4", bytes >> 20));
        if (Files.exists(file)) {
            return file;
        }
        // noise at a low quantiser: about 250 Mb/s, so 2 GB is about a minute of 1080p
        Path chunk = TestClips.make("large-chunk.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=25:duration=10",
                "-f", "lavfi", "-i", "sine=frequency=440:duration=10", "-vf", "noise=alls=12:allf=t",
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "18", "-c:a", "aac", "-shortest"));
        long loops = Math.max(0, (bytes + Files.size(chunk) - 1) / Files.size(chunk) - 1);
        Path tmp = scratch.resolve("large.tmp.mp4");
        run(List.of("-y", "-stream_loop", String.valueOf(loops), "-i", chunk.toString(), "-c", "copy", tmp.toString()));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    // ---------------------------------------------------------------------------------------------- P4

    /**
     * P4: a burst of short clips dropped at once, for each worker count; against the sum of the same clips' bare
     * transcodes divided by the worker count. CPU utilisation is sampled over the run.
     */
    private void burst() throws Exception {
        int count = quick ? 4 : 20;
        Path clip = quick ? clip("bench-480p-4s.mp4", "854x480", 4) : clip("bench-720p-6s.mp4", "1280x720", 6);
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clips.add(TestClips.variant(clip, "burst-" + i));
        }
        int[] workerCounts = quick ? new int[] {1, 2} : new int[] {1, 2, 3};
        Map<Integer, List<Double>> wall = new LinkedHashMap<>();
        Map<Integer, List<Double>> busyWhileQueued = new LinkedHashMap<>();
        Map<String, List<double[]>> cpu = new LinkedHashMap<>();
        List<Double> sums = new ArrayList<>();
        for (int pair = 0; pair < (quick ? 1 : 3); pair++) {
            for (int workers : workerCounts) {
                Burst r = burstRun(clips, workers, cpu);
                wall.computeIfAbsent(workers, w -> new ArrayList<>()).add(r.seconds());
                busyWhileQueued.computeIfAbsent(workers, w -> new ArrayList<>()).add(r.busyWhileQueued());
                if (workers == 1) {
                    sums.add(r.bareSequence());
                }
            }
        }
        line("P4 burst of %d clips: the bare transcodes one after another take %s s in all", count, summary(sums));
        for (int workers : workerCounts) {
            line("    caravan.workers=%d: all READY in %s s, %.2fx the sum / workers; CPU busy while clips were queued %s %% (target >= 90)",
                    workers, summary(wall.get(workers)), median(wall.get(workers)) / (median(sums) / workers), summary(busyWhileQueued.get(workers)));
        }
        Charts.overTime(results.resolve("p4-burst-cpu.png"), "P4: CPU utilisation of both cores during a burst of " + count + " clips",
                "CPU busy (% of all cores)", cpu, 90.0);
    }

    /**
     * One burst: seconds until every clip is READY, the mean CPU % while some clip was still waiting for a worker,
     * and (with one worker; NaN otherwise) the transcode commands Caravan ran, replayed one after another.
     */
    private record Burst(double seconds, double busyWhileQueued, double bareSequence) {
    }

    private Burst burstRun(List<Path> clips, int workers, Map<String, List<double[]>> cpuOverTime) throws Exception {
        Path data = fresh("burst-data");
        try (ChildCaravan app = ChildCaravan.startWithDefaults(data, Map.of("CARAVAN_WORKERS", String.valueOf(workers)), log("burst"));
             TranscodeCommands commands = new TranscodeCommands(data, 50)) {
            Path staging = Files.createDirectories(data.resolve("staging"));
            for (int i = 0; i < clips.size(); i++) {
                Files.copy(clips.get(i), staging.resolve("burst-" + i + ".mp4"));
            }
            try (Sampler sampler = new Sampler(app.pid(), 250)) {
                Thread.sleep(1000);
                double start = sampler.seconds();
                for (int i = 0; i < clips.size(); i++) {
                    Files.move(staging.resolve("burst-" + i + ".mp4"), data.resolve("inbox").resolve("burst-" + i + ".mp4"), StandardCopyOption.ATOMIC_MOVE);
                }
                double lastQueued = start;
                while (true) {
                    JsonNode items = Json.MAPPER.readTree(app.get("/api/assets?limit=100").body()).path("items");
                    int ready = 0;
                    boolean waiting = items.size() < clips.size();
                    for (JsonNode a : items) {
                        String status = a.path("status").asText();
                        ready += "READY".equals(status) ? 1 : 0;
                        waiting |= "RECEIVED".equals(status);
                        if ("FAILED".equals(status)) {
                            throw new IllegalStateException("A burst clip failed: " + a);
                        }
                    }
                    if (waiting) {
                        lastQueued = sampler.seconds();
                    }
                    if (ready == clips.size()) {
                        break;
                    }
                    Thread.sleep(100);
                }
                double end = sampler.seconds();
                Thread.sleep(300);
                List<double[]> shifted = sampler.cpuPercent().stream().map(p -> new double[] {p[0] - start, p[1]}).toList();
                cpuOverTime.put("caravan.workers=" + workers, shifted);
                double bare = Double.NaN;
                if (workers == 1) {
                    List<List<String>> ran = commands.all();
                    if (ran.size() != clips.size()) {
                        throw new IllegalStateException("saw " + ran.size() + " transcodes for " + clips.size() + " clips");
                    }
                    bare = 0;
                    for (List<String> args : ran) {
                        // the clips are one clip with different metadata tags: any of them is the source's content
                        bare += replay(args, data, clips.get(0));
                    }
                }
                return new Burst(end - start, sampler.meanCpu(start, lastQueued), bare);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- P5

    /**
     * P5: a complete file in the inbox until ffmpeg starts, two ways: renamed into the inbox once written (the way
     * README recommends), and written in place (from the end of the write: the file must go unwritten for
     * caravan.ingest.stableMillis first).
     */
    private void latencyToStart() throws Exception {
        Path clip = clip("bench-360p-4s.mp4", "640x360", 4);
        Path data = fresh("latency-data");
        List<Double> renamed = new ArrayList<>();
        List<Double> inPlace = new ArrayList<>();
        try (ChildCaravan app = ChildCaravan.startWithDefaults(data, Map.of(), log("latency"))) {
            for (int i = 0; i < (quick ? 3 : 5); i++) {
                Path variant = TestClips.variant(clip, "latency-" + i + "-" + System.nanoTime());
                Path tmp = data.resolve("inbox").resolve(".r" + i + ".part");
                Files.copy(variant, tmp);
                Thread.sleep(1000); // the copy's own events are over
                long start = System.nanoTime();
                Files.move(tmp, data.resolve("inbox").resolve("r" + i + ".mp4"), StandardCopyOption.ATOMIC_MOVE);
                renamed.add(untilFfmpegStarts(app, data, start, i * 2 + 1));

                Path again = TestClips.variant(clip, "latency-in-place-" + i + "-" + System.nanoTime());
                Files.copy(again, data.resolve("inbox").resolve("w" + i + ".mp4"));
                inPlace.add(untilFfmpegStarts(app, data, System.nanoTime(), i * 2 + 2));
            }
        }
        line("P5 latency from a complete file in the inbox to ffmpeg starting (target < 1 s): renamed in %s s, written in place %s s",
                summary(renamed), summary(inPlace));
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("renamed into the inbox", spread(renamed));
        bars.put("written in place (from the last write)", spread(inPlace));
        if (!quick) { // the emulator and the stack take most of a minute to start: the full run only
            List<Double> s3 = latencyOnAws(clip);
            line("P5 latency in the AWS mode, from an S3 upload (PutObject done) to ffmpeg starting, against the emulator (target < 2 s): %s s",
                    summary(s3));
            bars.put("S3 upload, AWS mode (moto)", spread(s3));
        }
        Charts.spreadBars(results.resolve("p5-latency.png"), "P5: a complete upload until ffmpeg starts (targets: 1 s local, 2 s S3)", "seconds", bars);
    }

    /** The AWS mode against the emulator (moto) with the CloudFormation stack deployed: S3 event, SQS long polling. */
    private List<Double> latencyOnAws(Path clip) throws Exception {
        AwsStack stack = AwsStack.deploy(MotoServer.shared(), "caravan-bench-" + System.nanoTime());
        Path data = fresh("latency-aws-data");
        List<Double> latencies = new ArrayList<>();
        try (ChildCaravan app = ChildCaravan.startWithDefaults(data, stack.environment(), log("latency-aws"));
             S3Client s3 = stack.s3()) {
            for (int i = 0; i < 5; i++) {
                Path variant = TestClips.variant(clip, "latency-s3-" + i + "-" + System.nanoTime());
                String key = "lectures/l" + i + ".mp4";
                s3.putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key(key), RequestBody.fromFile(variant));
                latencies.add(untilFfmpegStarts(app, data, System.nanoTime(), i + 1));
            }
        }
        return latencies;
    }

    /** Seconds from {@code start} until the transcode of the {@code nth} upload is running, then waits for it to finish. */
    private double untilFfmpegStarts(ChildCaravan app, Path data, long start, int nth) throws Exception {
        try (TranscodeCommands commands = new TranscodeCommands(data, 2)) {
            while (commands.all().isEmpty()) {
                Thread.sleep(1);
            }
            double took = (System.nanoTime() - start) / 1e9;
            while (Json.MAPPER.readTree(app.get("/api/assets?limit=100").body()).path("items").findValuesAsText("status").stream()
                    .filter("READY"::equals).count() < nth) {
                Thread.sleep(100);
            }
            return took;
        }
    }

    // ---------------------------------------------------------------------------------------------- P6

    /** P6: x264 presets for the top rung at its default bitrate: speed (realtime factor) and SSIM against the source. */
    private void presets() throws Exception {
        int seconds = quick ? 2 : 10;
        Path clip = clip("bench-1080p-" + seconds + "s.mp4", "1920x1080", seconds);
        List<String> presets = quick ? List.of("ultrafast", "veryfast", "medium")
                : List.of("ultrafast", "superfast", "veryfast", "faster", "fast", "medium");
        LadderPlan plan = LadderPlanner.plan(probe(clip), ladder);
        LadderPlan.PlannedRung top = plan.rungs().get(0);
        Map<String, List<Double>> speed = new LinkedHashMap<>();
        Map<String, Double> ssim = new LinkedHashMap<>();
        for (int round = 0; round < (quick ? 1 : 3); round++) {
            for (String preset : presets) {
                Ladder.Video v = ladder.video();
                Ladder withPreset = new Ladder(new Ladder.Video(v.codec(), v.profile(), preset, v.gopSeconds(), v.maxFrameRate()),
                        ladder.audio(), ladder.segmentSeconds(), ladder.rungs());
                LadderPlan one = new LadderPlan(List.of(top), plan.audio(), plan.frameRate(), plan.deinterlace(), withPreset);
                Path out = Files.createDirectories(scratch.resolve("preset-" + System.nanoTime()));
                Files.createDirectories(out.resolve("hls"));
                double took = run(TranscodeCommand.arguments(one, clip, out.resolve("hls"), out.resolve("p.txt"), untrusted()));
                speed.computeIfAbsent(preset, p -> new ArrayList<>()).add(seconds / took);
                if (round == 0) {
                    ssim.put(preset, ssim(out.resolve("hls"), clip, top));
                }
                deleteTree(out);
            }
        }
        line("P6 x264 presets, top rung %s at %d kb/s, %d s 1080p clip (default: %s):", top.name(), top.videoKbps(), seconds, ladder.video().preset());
        Map<String, double[]> points = new LinkedHashMap<>();
        for (String preset : presets) {
            line("    %-9s  %sx realtime  SSIM %.4f", preset, summary(speed.get(preset)), ssim.get(preset));
            points.put(preset, new double[] {median(speed.get(preset)), ssim.get(preset)});
        }
        Charts.labelledPoints(results.resolve("p6-presets.png"), "P6: x264 preset, speed vs SSIM of the top rung",
                "speed (x realtime)", "SSIM", points);
    }

    private double ssim(Path hls, Path source, LadderPlan.PlannedRung rung) throws Exception {
        Path playlist;
        try (Stream<Path> files = Files.walk(hls)) {
            playlist = files.filter(p -> p.getFileName().toString().equals("index.m3u8")).findFirst().orElseThrow();
        }
        List<String> cmd = new ArrayList<>(tools.ffmpeg());
        cmd.addAll(List.of("-hide_banner", "-i", playlist.toString(), "-i", source.toString(), "-lavfi",
                "[1:v]scale=" + rung.width() + ":" + rung.height() + ":flags=bicubic[ref];[0:v][ref]ssim", "-f", "null", "-"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Matcher m = SSIM.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no SSIM in ffmpeg's output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    // ---------------------------------------------------------------------------------------------- P9

    /**
     * P9: the media origin under concurrent viewers. One 3.9 MB segment (the size of a 1080p rung's 4 s segment) is
     * fetched by 1, 10, 50, 100 and 200 viewers at once, with grants, through 127.0.0.1; for each concurrency the
     * segments served completely per second, errors, and the Caravan JVM's peak used heap (of its 256 MiB), sampled
     * every 50 ms from its Prometheus metrics. Rounds alternate the order of the concurrencies.
     */
    private void originUnderLoad() throws Exception {
        int[] concurrencies = {1, 10, 50, 100, 200};
        int rounds = quick ? 1 : 3;
        Path data = fresh("origin-data");
        Map<Integer, List<Double>> rates = new LinkedHashMap<>();
        Map<Integer, List<Double>> heaps = new LinkedHashMap<>();
        Map<Integer, Integer> errors = new LinkedHashMap<>();
        double idleHeap;
        try (ChildCaravan app = ChildCaravan.startWithDefaults(data, Map.of(), log("origin"))) {
            String asset = "benchorigin";
            Path rung = Files.createDirectories(data.resolve("media").resolve(asset).resolve("1080p"));
            byte[] bytes = new byte[3_900_000];
            new Random(9).nextBytes(bytes);
            Files.write(rung.resolve("segment_00000.ts"), bytes);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            OriginViewers viewers = new OriginViewers(app, data, asset);
            String path = "/media/" + asset + "/1080p/segment_00000.ts";
            viewers.load(path, 20, 2, bytes.length, crc.getValue()); // warm-up: connections, JIT
            idleHeap = viewers.heapMiB();
            for (int round = 0; round < rounds; round++) {
                for (int i = 0; i < concurrencies.length; i++) {
                    int n = concurrencies[round % 2 == 0 ? i : concurrencies.length - 1 - i];
                    int requests = quick ? Math.max(50, 2 * n) : (n == 1 ? 200 : 1000);
                    OriginViewers.Load load = viewers.load(path, requests, n, bytes.length, crc.getValue());
                    rates.computeIfAbsent(n, k -> new ArrayList<>()).add(load.perSecond());
                    heaps.computeIfAbsent(n, k -> new ArrayList<>()).add(load.peakHeapMiB());
                    errors.merge(n, load.failed(), Integer::sum);
                }
            }
            if (Files.readString(log("origin")).contains("OutOfMemoryError")) {
                line("P9 the Caravan log has an OutOfMemoryError: see %s", log("origin"));
            }
        }
        line("P9 media origin, one 3.9 MB segment, viewers at once (%s; %d rounds); used heap at rest %.0f MiB of 256:",
                quick ? "50 requests, or 2 per viewer" : "1000 requests, 200 with one viewer", rounds, idleHeap);
        Map<String, double[]> bars = new LinkedHashMap<>();
        double single = median(rates.get(1));
        for (int n : concurrencies) {
            line("    %3d at once: %s segments/s (%.2fx of 1 at once), errors %d, peak used heap %s MiB",
                    n, summary(rates.get(n)), median(rates.get(n)) / single, errors.get(n), summary(heaps.get(n)));
            bars.put(n + " at once", spread(rates.get(n)));
        }
        Charts.spreadBars(results.resolve("p9-origin.png"), "P9: segments served per second by the media origin, by viewers at once",
                "segments/s", bars);
    }

    // ---------------------------------------------------------------------------------------------- P10

    /**
     * P10: the asset list of a large library. 100,000 assets (10,000 in the quick run) in every outcome, with titles
     * and nested source names, are written into the SQLite store before Caravan starts; then each kind of list request
     * the page makes is sent 30 times, kinds interleaved, through 127.0.0.1 with the API token: the time to the whole
     * response, median [min-max], and its ratio to the plain first page. Target: every kind under 100 ms.
     */
    private void listAtScale() throws Exception {
        int assets = quick ? 10_000 : 100_000;
        Path data = fresh("list-data");
        String[] courses = {"Cardiology", "Neurology", "Pediatrics", "Oncology", "Radiology", "Dermatology", "Surgery"};
        caravan.asset.AssetStatus[] outcomes = {caravan.asset.AssetStatus.READY, caravan.asset.AssetStatus.READY,
                caravan.asset.AssetStatus.READY, caravan.asset.AssetStatus.FAILED, caravan.asset.AssetStatus.DUPLICATE};
        java.time.Instant t0 = java.time.Instant.parse("2020-01-01T00:00:00Z");
        try (caravan.database.SqliteDatabase db = new caravan.database.SqliteDatabase(data.resolve("caravan.db"))) {
            java.sql.Connection c = db.connection();
            c.setAutoCommit(false);
            try (java.sql.PreparedStatement asset = c.prepareStatement("INSERT INTO assets(id, status, sha256, version, doc) VALUES (?, ?, ?, 1, ?)");
                 java.sql.PreparedStatement text = c.prepareStatement("INSERT INTO asset_text(rowid, text) VALUES (?, ?)")) {
                for (int i = 0; i < assets; i++) {
                    java.time.Instant at = t0.plusSeconds(600L * i);
                    String course = courses[i % courses.length];
                    caravan.asset.Asset a = caravan.asset.Asset.received("lib" + i, new caravan.asset.SourceFile(
                            "library/" + course.toLowerCase() + "/year-" + (2000 + i % 25) + "/lecture-" + i + ".mp4", 1_000_000L + i, null),
                            at.minusSeconds(1), at);
                    a.setStatus(outcomes[i % outcomes.length]);
                    a.getMetadata().put("title", course + " lecture " + i);
                    asset.setString(1, a.getId());
                    asset.setString(2, a.getStatus().name());
                    asset.setString(3, null);
                    asset.setString(4, caravan.store.AssetDocuments.write(a));
                    asset.addBatch();
                    text.setLong(1, i + 1L);
                    text.setString(2, caravan.store.AssetQuery.searchableText(a));
                    text.addBatch();
                    if (i % 5_000 == 4_999) {
                        asset.executeBatch();
                        text.executeBatch();
                    }
                }
                asset.executeBatch();
                text.executeBatch();
            }
            c.commit();
            c.setAutoCommit(true);
        }
        Files.setPosixFilePermissions(data.resolve("caravan.db"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Map<String, String> kinds = new LinkedHashMap<>();
        kinds.put("first page, 50 newest", "limit=50");
        kinds.put("status=FAILED", "limit=50&status=FAILED");
        kinds.put("status=FAILED,DUPLICATE oldest first", "limit=50&status=FAILED,DUPLICATE&order=oldest");
        kinds.put("search, common (neurology)", "limit=50&q=neurology");
        kinds.put("search, one match (lecture-" + (assets - 7) + ".mp4)", "limit=50&q=lecture-" + (assets - 7) + ".mp4");
        kinds.put("search, no match (ophthalmology)", "limit=50&q=ophthalmology");
        kinds.put("search, two letters (zz)", "limit=50&q=zz");
        kinds.put("search + status (surgery, FAILED)", "limit=50&q=surgery&status=FAILED");
        kinds.put("a page deep in the library", "limit=50&after=lib" + (assets / 2));
        Map<String, List<Double>> millis = new LinkedHashMap<>();
        try (ChildCaravan app = ChildCaravan.startWithDefaults(data, Map.of(), log("list"))) {
            for (String query : kinds.values()) { // warm-up: connections, JIT, SQLite's page cache
                for (int i = 0; i < 3; i++) {
                    app.get("/api/assets?" + query);
                }
            }
            for (int round = 0; round < 30; round++) {
                for (Map.Entry<String, String> kind : kinds.entrySet()) {
                    long start = System.nanoTime();
                    HttpResponse<String> r = app.get("/api/assets?" + kind.getValue());
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(kind.getKey() + ": " + r.statusCode() + " " + r.body());
                    }
                    millis.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(ms);
                }
            }
        }
        line("P10 asset list with %,d assets in SQLite, 30 requests of each kind (ms to the whole response):", assets);
        double base = median(millis.get("first page, 50 newest"));
        Map<String, double[]> bars = new LinkedHashMap<>();
        for (Map.Entry<String, List<Double>> m : millis.entrySet()) {
            line("    %-44s %s ms (%.2fx of the first page)", m.getKey(), summary(m.getValue()), median(m.getValue()) / base);
            bars.put(m.getKey(), spread(m.getValue()));
        }
        Charts.spreadBars(results.resolve("p10-list.png"), "P10: asset list requests with " + assets + " assets", "ms", bars);
    }

    // ---------------------------------------------------------------------------------------------- helpers

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
        return run(args, Path.of("."));
    }

    /** Runs ffmpeg in {@code workingDir} (where Caravan runs it: the asset's work folder); its wall time in seconds. */
    private double run(List<String> args, Path workingDir) throws Exception {
        List<String> cmd = new ArrayList<>(tools.ffmpeg());
        cmd.addAll(args);
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(workingDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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

    private Path fresh(String name) throws IOException {
        Path dir = scratch.resolve(name);
        deleteTree(dir);
        return dir;
    }

    private Path log(String name) {
        return scratch.resolve(name + ".log");
    }

    private void line(String format, Object... args) {
        String text = String.format(Locale.ROOT, format, args);
        System.out.println(text);
        report.append(text).append('\n');
    }

    static String summary(List<Double> values) {
        double[] s = spread(values);
        return String.format(Locale.ROOT, "%.2f [%.2f-%.2f]", s[0], s[1], s[2]);
    }

    static double[] spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return new double[] {median(values), sorted.get(0), sorted.get(sorted.size() - 1)};
    }

    static double median(List<Double> values) {
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
