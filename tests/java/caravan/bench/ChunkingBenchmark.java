package caravan.bench;

import caravan.asset.Json;
import caravan.ffmpeg.FfmpegTools;
import caravan.testing.ChildCaravan;
import caravan.transcode.Ladder;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P7: split-and-stitch speed (issue #15). Caravan as {@code ./caravan run} starts it, local mode, default ladder and
 * settings but the ones named, makes one clip READY (a long 1080p clip made at bench time from the real samples):
 * <ul>
 * <li>P7a: caravan.workers=1 under {@code taskset -c 0} against caravan.workers=2 under {@code taskset -c 0,1} (ffmpeg
 * inherits the affinity): one core per worker;</li>
 * <li>P7b: caravan.workers=1 on the whole machine, chunking on against off;</li>
 * <li>a {@link ChunkModel} fitted to the one-worker runs, projecting a 60-minute lecture on 1 to 64 two-core workers.</li>
 * </ul>
 * Time to READY is from the file's rename into the inbox to the asset's {@code readyAt}. Each item's ffmpeg start is its
 * process's start time (its working folder names the item), its end the "encoded" line of Caravan's log.
 */
final class ChunkingBenchmark {
    static final int FULL_SECONDS = 600;
    /** caravan.chunking.minSeconds's default: a shorter clip (a check of the harness) is chunked by lowering it. */
    private static final int DEFAULT_MIN_SECONDS = 300;
    private static final int LECTURE_SECONDS = 3600;
    private static final Pattern LINE = Pattern.compile("^(\\S+) .* - Asset ([^ :]+):? (.*)$");
    private static final Pattern DISPATCHED = Pattern.compile(".* in \\d+ chunks of (\\d+) s.*");
    private static final Pattern CHUNK_ENCODED = Pattern.compile("chunk (\\d+) of \\d+ \\(.*\\) encoded .*");

    /** {@code --p7-seconds N} (clip length), {@code --p7-size WxH}, {@code --p7-rounds N}, {@code --p7-chunk-seconds N}, {@code --p7-samples DIR}. */
    record Options(int seconds, String size, int rounds, Integer chunkSeconds, Path samples) {
        static Options from(List<String> args) {
            return new Options(Integer.parseInt(value(args, "--p7-seconds", String.valueOf(FULL_SECONDS))),
                    value(args, "--p7-size", "1920x1080"), Integer.parseInt(value(args, "--p7-rounds", "1")),
                    args.contains("--p7-chunk-seconds") ? Integer.valueOf(value(args, "--p7-chunk-seconds", "")) : null,
                    Path.of(value(args, "--p7-samples", Path.of("..", "shared", "samples").toString())));
        }

        /** A run on a shorter clip or a smaller picture than P7's: a check of the harness, not the measurement. */
        boolean check() {
            return seconds != FULL_SECONDS || !size.equals("1920x1080");
        }

        private static String value(List<String> args, String name, String otherwise) {
            int i = args.indexOf(name);
            return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : otherwise;
        }
    }

    /** One run: seconds from landing to READY, and (chunked) the dispatch, the items and the READY moment, from landing. */
    record Run(double seconds, double dispatched, int chunkSeconds, List<ChunkModel.Item> items, double duration) {
    }

    private final FfmpegTools tools;
    private final Ladder ladder;
    private final Path scratch;
    private final Path results;
    private final Consumer<String> line;
    private final Options options;

    ChunkingBenchmark(FfmpegTools tools, Ladder ladder, Path scratch, Path results, Consumer<String> line, Options options) {
        this.tools = tools;
        this.ladder = ladder;
        this.scratch = scratch;
        this.results = results;
        this.line = line;
        this.options = options;
    }

    void run() throws Exception {
        Path clip = new ChunkingClip(tools, scratch, options.samples()).make(options.seconds(), options.size());
        Map<String, String> settings = new LinkedHashMap<>();
        if (options.seconds() < DEFAULT_MIN_SECONDS) {
            settings.put("CARAVAN_CHUNKING_MIN_SECONDS", "1");
        }
        if (options.chunkSeconds() != null || options.seconds() < DEFAULT_MIN_SECONDS) {
            int chunk = options.chunkSeconds() != null ? options.chunkSeconds() : Math.max(ladder.segmentSeconds(), options.seconds() / 5);
            settings.put("CARAVAN_CHUNKING_CHUNK_SECONDS", String.valueOf(chunk));
        }
        if (options.check()) {
            line.accept("P7 CHECK RUN of the harness (not the measurement): " + options.seconds() + " s " + options.size() + " clip"
                    + (settings.isEmpty() ? "" : ", settings changed for it: " + settings));
        }
        List<Setup> setups = List.of(
                new Setup("one-core", "1", "true", List.of("taskset", "-c", "0")),
                new Setup("two-cores", "2", "true", List.of("taskset", "-c", "0,1")),
                new Setup("chunked", "1", "true", List.of()),
                new Setup("unchunked", "1", "false", List.of()));
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (int round = 0; round < options.rounds(); round++) {
            List<Setup> order = new ArrayList<>(setups);
            if (round % 2 == 1) { // B A D C: neither side always goes first
                java.util.Collections.swap(order, 0, 1);
                java.util.Collections.swap(order, 2, 3);
            }
            for (Setup s : order) {
                Map<String, String> env = new LinkedHashMap<>(settings);
                env.put("CARAVAN_WORKERS", s.workers());
                env.put("CARAVAN_CHUNKING", s.chunking());
                runs.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(run(clip, s.label(), env, s.wrapper(), round));
            }
        }
        List<Double> one = seconds(runs.get("one-core"));
        List<Double> two = seconds(runs.get("two-cores"));
        List<Double> on = seconds(runs.get("chunked"));
        List<Double> off = seconds(runs.get("unchunked"));
        Run first = runs.get("one-core").get(0);
        String what = String.format(Locale.ROOT, "a %d s %s clip in %d s chunks (%d items with the audio)", options.seconds(),
                options.size(), first.chunkSeconds(), first.items().size());
        line.accept(String.format(Locale.ROOT, "P7a split-and-stitch, one core per worker (taskset), %s: caravan.workers=1 on core 0 %s s,"
                        + " caravan.workers=2 on cores 0,1 %s s: %.2fx (target <= 0.55, limit 0.50)", what, Benchmarks.summary(one),
                Benchmarks.summary(two), Benchmarks.median(two) / Benchmarks.median(one)));
        line.accept(String.format(Locale.ROOT, "P7b one worker on the whole machine (caravan.workers=1, no taskset), same clip: chunking on"
                        + " %s s, off %s s: %.2fx (target <= 1.02)", Benchmarks.summary(on), Benchmarks.summary(off),
                Benchmarks.median(on) / Benchmarks.median(off)));
        project(medianRun(runs.get("one-core")), runs.get("two-cores"));
        Map<String, double[]> bars = new LinkedHashMap<>();
        bars.put("1 worker, 1 core", Benchmarks.spread(one));
        bars.put("2 workers, 2 cores", Benchmarks.spread(two));
        bars.put("1 worker, 2 cores, chunked", Benchmarks.spread(on));
        bars.put("1 worker, 2 cores, not chunked", Benchmarks.spread(off));
        Charts.spreadBars(results.resolve("p7-measured.png"), "P7: " + options.seconds() + " s " + options.size()
                + " clip, landing to READY", "seconds", bars);
    }

    /** One configuration: caravan.workers, caravan.chunking.enabled, and the command Caravan is started through. */
    private record Setup(String label, String workers, String chunking, List<String> wrapper) {
    }

    private static List<Double> seconds(List<Run> runs) {
        return runs.stream().map(Run::seconds).toList();
    }

    /** The run nearest the median time (the median itself with an odd number of runs). */
    private static Run medianRun(List<Run> runs) {
        double median = Benchmarks.median(seconds(runs));
        return runs.stream().min(java.util.Comparator.comparingDouble(r -> Math.abs(r.seconds() - median))).orElseThrow();
    }

    /** The model fitted to the one-worker run, checked against the two-worker runs, then the 60-minute projection. */
    private void project(Run fitted, List<Run> twoRuns) throws IOException {
        double duration = fitted.duration();
        ChunkModel model = ChunkModel.fit(fitted.dispatched(), fitted.items(), fitted.seconds(), duration);
        double sharedRate = Benchmarks.median(twoRuns.stream().map(r -> ChunkModel.chunkRate(r.items())).toList());
        line.accept(String.format(Locale.ROOT, "P7 model, fitted to the median one-core run: landing to dispatch %.2f s; a chunk %.3f s per"
                        + " media second on one core (%.3f when two chunks share two cores); %.2f s between items; the audio item %.4f s"
                        + " per media second; last item to READY (stitch, outputs, publish) %.2f s", model.preSeconds(),
                model.chunkPerMediaSecond(), sharedRate, model.gapSeconds(), model.audioPerMediaSecond(), model.postSeconds()));
        int segment = ladder.segmentSeconds();
        int chunk = fitted.chunkSeconds();
        line.accept(String.format(Locale.ROOT, "    the model against the runs: one core %.1f s (measured %.1f), two workers %.1f s (measured %s)",
                model.project(duration, segment, chunk, 1, false), fitted.seconds(),
                model.withChunkRate(sharedRate).project(duration, segment, chunk, 2, false),
                Benchmarks.summary(twoRuns.stream().map(Run::seconds).toList())));
        // a two-core worker runs caravan.workers=2: two chunks at once, at the rate measured for two on two cores
        ChunkModel projecting = model.withChunkRate(Math.max(model.chunkPerMediaSecond(), sharedRate));
        List<double[]> measuredFixed = new ArrayList<>();
        List<double[]> scaledFixed = new ArrayList<>();
        for (int workers = 1; workers <= 64; workers++) {
            measuredFixed.add(new double[] {workers, projecting.project(LECTURE_SECONDS, segment, chunk, 2 * workers, false) / 60});
            scaledFixed.add(new double[] {workers, projecting.project(LECTURE_SECONDS, segment, chunk, 2 * workers, true) / 60});
        }
        line.accept(String.format(Locale.ROOT, "P7 projection, a 60-minute 1080p lecture in %d s chunks on N two-core workers"
                + " (caravan.workers=2 each; minutes to READY, the time before and after the items as measured / grown with the"
                + " duration):", chunk));
        StringBuilder table = new StringBuilder("   ");
        for (int n : new int[] {1, 2, 4, 8, 16, 31, 32, 64}) {
            table.append(String.format(Locale.ROOT, "  %d: %.1f/%.1f", n, measuredFixed.get(n - 1)[1], scaledFixed.get(n - 1)[1]));
        }
        line.accept(table.toString());
        for (int minutes : new int[] {15, 5}) {
            line.accept(String.format(Locale.ROOT, "    two-core workers for READY within %d minutes: %s (fixed costs grown with the duration),"
                    + " %s (as measured)", minutes, needed(scaledFixed, minutes), needed(measuredFixed, minutes)));
        }
        // Caravan queues the audio item (the whole asset's audio, one item) after the chunks: with many workers it is the tail
        List<double[]> audioFirst = new ArrayList<>();
        for (int workers = 1; workers <= 64; workers++) {
            audioFirst.add(new double[] {workers, projecting.project(LECTURE_SECONDS, segment, chunk, 2 * workers, true, true) / 60});
        }
        line.accept(String.format(Locale.ROOT, "    were the audio item queued first (fixed costs grown): %s for 15 minutes, %s for 5; at 64"
                + " workers %.1f min (queued last: %.1f)", needed(audioFirst, 15), needed(audioFirst, 5), audioFirst.get(63)[1],
                scaledFixed.get(63)[1]));
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("time before/after the items grown with the duration", scaledFixed);
        series.put("time before/after the items as measured", measuredFixed);
        Charts.projection(results.resolve("p7-projection.png"), "P7: a 60-minute 1080p lecture, projected minutes to READY",
                "two-core workers", "minutes to READY", series, Map.of("15 minutes", 15.0, "5 minutes", 5.0));
    }

    private static String needed(List<double[]> projection, int minutes) {
        for (double[] p : projection) {
            if (p[1] <= minutes) {
                return String.valueOf((int) p[0]);
            }
        }
        return String.format(Locale.ROOT, "not within 64 (at best %.1f min)", projection.get(projection.size() - 1)[1]);
    }

    /** A fresh Caravan (data folder, log) makes one copy of the clip READY. */
    private Run run(Path clip, String label, Map<String, String> env, List<String> wrapper, int round) throws Exception {
        Path data = scratch.resolve("p7-data");
        caravan.DataFolders.deleteTree(data);
        Path log = scratch.resolve("p7-" + label + "-" + round + ".log");
        Files.deleteIfExists(log);
        Run r = null;
        try (ChildCaravan app = ChildCaravan.startWithDefaults(data, env, log, wrapper);
             ItemProcesses processes = new ItemProcesses(app.pid())) {
            Path part = data.resolve("inbox").resolve(".p7.part");
            copyWithTag(clip, part, label + "-" + round + "-" + System.nanoTime()); // a new file each time: never a duplicate
            Instant landed = Instant.now();
            Files.move(part, data.resolve("inbox").resolve("p7-" + label + ".mp4"), StandardCopyOption.ATOMIC_MOVE);
            JsonNode asset = awaitReady(app, log, options.seconds() * 20L + 600);
            double seconds = between(landed, Instant.parse(asset.path("readyAt").asText()));
            double duration = asset.path("probe").path("durationSeconds").asDouble();
            r = parse(log, asset.path("id").asText(), landed, processes.starts(), seconds, duration);
            line.accept(String.format(Locale.ROOT, "    P7 run %s, round %d: READY in %.2f s (timeToReadyMs %d)%s", label, round + 1, seconds,
                    asset.path("timeToReadyMs").asLong(), r.items().isEmpty() ? "" : ", " + r.items().size() + " items"));
        } catch (AssertionError nonConforming) {
            if (r == null) {
                throw nonConforming;
            }
            // the HLS conformance check at close (ChildCaravan) found the published asset wanting: said, not fatal
            line.accept("    P7 run " + label + ", round " + (round + 1) + ": the published asset is NOT conforming: " + nonConforming.getMessage());
        }
        return r;
    }

    private JsonNode awaitReady(ChildCaravan app, Path log, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            JsonNode items = Json.MAPPER.readTree(app.get("/api/assets?limit=1").body()).path("items");
            if (items.size() == 1) {
                String status = items.get(0).path("status").asText();
                if (status.equals("READY")) {
                    return items.get(0);
                }
                if (status.equals("FAILED") || status.equals("DUPLICATE")) {
                    throw new IllegalStateException("P7's clip ended " + status + ": " + items.get(0) + "; see " + log);
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("P7's clip was not READY in " + seconds + " s; see " + log);
    }

    /** The dispatch, each item's ffmpeg start and "encoded" line, from Caravan's log and the processes seen. */
    private static Run parse(Path log, String id, Instant landed, Map<String, Instant> starts, double seconds, double duration) throws IOException {
        double dispatched = Double.NaN;
        int chunkSeconds = 0;
        List<ChunkModel.Item> items = new ArrayList<>();
        for (String text : Files.readAllLines(log)) {
            Matcher m = LINE.matcher(text);
            if (!m.matches() || !m.group(2).equals(id)) {
                continue;
            }
            double at = between(landed, OffsetDateTime.parse(m.group(1)).toInstant());
            String message = m.group(3);
            Matcher d = DISPATCHED.matcher(message);
            Matcher c = CHUNK_ENCODED.matcher(message);
            if (d.matches()) {
                dispatched = at;
                chunkSeconds = Integer.parseInt(d.group(1));
            } else if (c.matches() || message.startsWith("the audio encoded")) {
                int chunk = c.matches() ? Integer.parseInt(c.group(1)) - 1 : -1;
                String folder = chunk < 0 ? caravan.transcode.ChunkCommand.AUDIO_ITEM : String.format(Locale.ROOT, "chunk_%04d", chunk);
                Instant start = starts.get(folder);
                if (start == null) {
                    throw new IllegalStateException("no ffmpeg process was seen for " + folder + " of " + id);
                }
                double media = chunk < 0 ? duration : Math.min(duration, (chunk + 1.0) * chunkSeconds) - chunk * (double) chunkSeconds;
                items.add(new ChunkModel.Item(chunk, media, between(landed, start), at));
            }
        }
        // the last chunk runs to the end (a short last piece joins it)
        int lastChunk = items.stream().mapToInt(ChunkModel.Item::chunk).max().orElse(0);
        double lastLength = duration - lastChunk * (double) chunkSeconds;
        List<ChunkModel.Item> measured = items.stream().map(i -> i.chunk() == lastChunk
                ? new ChunkModel.Item(i.chunk(), lastLength, i.start(), i.end()) : i).toList();
        return new Run(seconds, dispatched, chunkSeconds, measured, duration);
    }

    private void copyWithTag(Path clip, Path to, String tag) throws Exception {
        List<String> cmd = new ArrayList<>(tools.ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-i", clip.toString(), "-map", "0", "-c", "copy",
                "-metadata", "comment=" + tag, "-f", "mp4", to.toString()));
        ChunkingClip.run(cmd, 600);
    }

    private static double between(Instant from, Instant to) {
        return (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
    }
}
