package caravan.chunking;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.ChunkCount;
import caravan.asset.Outputs;
import caravan.asset.Outputs.AudioRendition;
import caravan.chunking.ChunkLedger.ChunkRun;
import caravan.chunking.ChunkLedger.Completion;
import caravan.failure.AttemptCounter;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.Refusals;
import caravan.ffmpeg.ServerPaths;
import caravan.store.AssetStore;
import caravan.transcode.AudioChain;
import caravan.transcode.AudioRenditions;
import caravan.transcode.ChunkCommand;
import caravan.transcode.ChunkPlan;
import caravan.transcode.ChunkPlan.Chunk;
import caravan.transcode.ChunkPlaylists;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.ProgressTracker;
import caravan.transcode.SegmentEncryption;
import caravan.transcode.SideOutputPlanner;
import caravan.transcode.SideOutputs;
import caravan.transcode.TranscodeStage;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Split-and-stitch encoding with the bundled ffmpeg: a long video's transcode becomes work items on the work queue,
 * each taken by any worker: one per chunk of the video (the single pass's ladder over the chunk's frames,
 * {@link ChunkCommand}) and one for the audio of the whole asset. The shared {@link ChunkLedger} records each item
 * done; the worker whose item completes the run stitches ({@link ChunkPlaylists}, the side outputs merged) and goes on
 * to the outputs and publishing, as after a single pass. A chunk that fails for good fails the asset once, named.
 */
public final class ChunkedTranscode {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkedTranscode.class);
    /** Header: the item is of the asset's current run (else it is dropped). */
    public static final String CURRENT = "CaravanChunkCurrent";
    /** Header: this item completed the run; its worker stitches and publishes. */
    public static final String LAST = "CaravanChunkLast";
    private static final String WORK = "CaravanChunkWork";
    private static final String STARTED = "CaravanChunkStarted";
    private static final String TIMEOUT = "CaravanChunkTimeout";

    /** What the stage needs besides its collaborators. */
    public record Limits(long minTimeoutMillis, double timeoutPerMediaSecond, int maxAudioTracks, boolean cmaf) {
    }

    private final DataFolders folders;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final Ladder ladder;
    private final ProgressTracker progress;
    private final SegmentEncryption encryption;
    private final SideOutputPlanner sideOutputs;
    private final AudioChain audioChain;
    private final ChunkingSettings settings;
    private final ChunkLedger ledger;
    private final ChunkSource source;
    private final ChunkOutputs outputs;
    private final Limits limits;
    private final ServerPaths paths;

    public ChunkedTranscode(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                            SegmentEncryption encryption, SideOutputPlanner sideOutputs, AudioChain audioChain,
                            ChunkingSettings settings, ChunkLedger ledger, ChunkSource source, ChunkOutputs outputs, Limits limits) {
        this.folders = folders;
        this.store = store;
        this.tools = tools;
        this.ladder = ladder;
        this.progress = progress;
        this.encryption = encryption;
        this.sideOutputs = sideOutputs;
        this.audioChain = audioChain;
        this.settings = settings;
        this.ledger = ledger;
        this.source = source;
        this.outputs = outputs;
        this.limits = limits;
        this.paths = new ServerPaths(folders.root());
    }

    /**
     * A work item (null before a run has items) with its asset, ladder and chunks, as every step of a run works them out
     * again from the record.
     */
    private record Run(ChunkWork work, Asset asset, LadderPlan plan, ChunkPlan chunks) {
        String id() {
            return asset.getId();
        }

        /** The item's folder name: its chunk's, or the audio item's past the chunks. */
        String item() {
            return work.item() < chunks.chunks().size() ? ChunkCommand.folder(chunks.chunks().get(work.item())) : ChunkCommand.AUDIO_ITEM;
        }
    }

    /** The exchange's work item (set by {@link #accept}) and what it is part of. */
    private Run load(Exchange exchange) {
        ChunkWork w = exchange.getProperty(WORK, ChunkWork.class);
        return load(w, w.assetId());
    }

    private Run load(ChunkWork w, String id) {
        Asset asset = store.find(id).orElseThrow();
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        return new Run(w, asset, plan, chunks(asset, plan));
    }

    /** Whether this asset's transcode is split: a video, long enough, in more than one chunk, packaged as MPEG-TS. */
    public boolean wanted(Exchange exchange) {
        if (!settings.enabled() || limits.cmaf()) {
            return false;
        }
        Run r = load(null, exchange.getIn().getHeader(ASSET_ID, String.class));
        return r.plan().video() && r.asset().getProbe().durationSeconds() >= settings.minSeconds() && r.chunks().split();
    }

    /** The chunks of the asset: whole segments, and whole key periods when keys rotate, so each chunk starts a key. */
    ChunkPlan chunks(Asset asset, LadderPlan plan) {
        int segment = plan.ladder().segmentSeconds();
        int unit = segment * encryption.chunkSegmentsMultiple();
        int length = Math.max(1, settings.chunkSeconds() / unit) * unit;
        return ChunkPlan.of(asset.getProbe().durationSeconds(), segment, length);
    }

    private List<AudioRendition> tracks(Asset asset, LadderPlan plan) {
        return plan.audio() ? AudioRenditions.plan(asset.getProbe(), true, limits.maxAudioTracks(), ladder.audio().channels()) : List.of();
    }

    /**
     * Starts (or, after a crash before the stitch, resumes) the asset's run: the items not yet done, as messages for the
     * work queue. A resumed run keeps the items done; any other starts afresh.
     */
    public List<String> dispatch(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Asset asset = store.update(id, a -> {
            a.setStatus(AssetStatus.TRANSCODING);
            a.setProgress(0);
            a.setOutputs(null);
            a.setWarnings(null);
        });
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        ChunkPlan chunks = chunks(asset, plan);
        List<AudioRendition> tracks = tracks(asset, plan);
        int items = chunks.chunks().size() + (tracks.isEmpty() ? 0 : 1);
        Optional<ChunkRun> earlier = ledger.find(id);
        boolean resume = earlier.isPresent() && earlier.get().run() == asset.getRun() && earlier.get().items() == items
                && earlier.get().failedItem() == null && earlier.get().stitcher() == null;
        Set<Integer> done = resume ? earlier.get().done() : Set.of();
        if (!resume) {
            ledger.forget(id);
            outputs.discard(id);
            DataFolders.deleteTree(chunksDir(id));
        }
        source.share(asset);
        encryption.createKey(id); // before any item: every chunk encrypts under the same asset key
        ledger.begin(id, asset.getRun(), items);
        Path out = folders.transcodeOutput(id);
        DataFolders.deleteTree(out);
        Files.createDirectories(out);
        Files.createDirectories(chunksDir(id));
        ChunkCount count = count(chunks, plan, done, items, asset.getProbe().durationSeconds());
        store.update(id, a -> {
            a.setOutputs(tracks.isEmpty() ? null : Outputs.NONE.withAudio(tracks));
            a.setChunks(count);
            a.setProgress(percent(count));
        });
        LOG.info("Asset {}: {} in {} chunks of {} s{}{}", id, seconds(asset.getProbe().durationSeconds()), chunks.chunks().size(),
                (int) (chunks.chunks().get(1).start() - chunks.chunks().get(0).start()), tracks.isEmpty() ? "" : " and its audio",
                resume ? " (resumed: " + done.size() + " of " + items + " done)" : "");
        int run = asset.getRun();
        // the audio item first: it is one pass over the whole video, the longest item once there are many workers
        int audio = chunks.chunks().size();
        return IntStream.range(0, items).map(i -> (i + items - 1) % items).filter(i -> !done.contains(i))
                .mapToObj(i -> new ChunkWork(id, run, i, !tracks.isEmpty() && i == audio).toJson()).toList();
    }

    /** Reads the work item; {@link #CURRENT} says whether it is of the asset's current run (a stale one is dropped). */
    public void accept(Exchange exchange) throws IOException {
        ChunkWork w = ChunkWork.parse(exchange.getIn().getBody(String.class));
        exchange.getIn().setHeader(ASSET_ID, w.assetId());
        exchange.setProperty(WORK, w);
        Optional<Asset> asset = store.find(w.assetId());
        Optional<ChunkRun> run = ledger.find(w.assetId());
        boolean current = asset.isPresent() && asset.get().getStatus() == AssetStatus.TRANSCODING && asset.get().getRun() == w.run()
                && run.isPresent() && run.get().run() == w.run() && run.get().failedItem() == null && w.item() >= 0
                && w.item() < run.get().items();
        if (!current) {
            LOG.info("Asset {}: work item {} of run {} is no longer wanted; dropped", w.assetId(), w.item(), w.run());
        }
        exchange.getIn().setHeader(CURRENT, current);
    }

    /** ffmpeg's command for the item, in the item's own folder. */
    public void prepare(Exchange exchange) throws IOException {
        Run r = load(exchange);
        ChunkWork w = r.work();
        String id = r.id();
        Asset asset = r.asset();
        Path itemDir = chunksDir(id).resolve(r.item());
        DataFolders.deleteTree(itemDir);
        Files.createDirectories(itemDir);
        Path progressFile = itemDir.resolve("progress.txt");
        ChunkSource.Input input = source.open(asset);
        List<String> args;
        double seconds;
        double duration = asset.getProbe().durationSeconds();
        if (w.item() < r.chunks().chunks().size()) {
            Chunk chunk = r.chunks().chunks().get(w.item());
            Path keyInfo = encryption.prepare(id, itemDir, itemDir.resolve(ChunkCommand.HLS), ChunkCommand.rungFolders(r.plan()),
                    chunk.firstSegment());
            SideOutputs side = sideOutputs.planChunk(id, r.plan(), asset.getProbe(), itemDir, "quality");
            args = ChunkCommand.arguments(r.plan(), chunk, input.options(), input.source(), itemDir, progressFile, keyInfo, side);
            seconds = Math.min(chunk.end(), duration) - chunk.start();
            double base = doneSeconds(id, r.chunks(), duration);
            double start = chunk.start() + ChunkCommand.TIME_OFFSET_SECONDS;
            progress.start(id + "#" + w.item(), id, progressFile,
                    s -> (int) (99 * (base + Math.max(0, Math.min(seconds, s - start))) / Math.max(duration, 0.1)));
        } else {
            List<AudioRendition> tracks = tracks(asset, r.plan());
            List<String> audioFolders = tracks.stream().map(AudioRendition::folder).toList();
            Path keyInfo = encryption.prepare(id, itemDir, itemDir.resolve(ChunkCommand.HLS), audioFolders, 0);
            AudioChain.Filters chain = audioChain.plan(asset, ladder.audio());
            args = ChunkCommand.audioArguments(r.plan(), input.options(), input.source(), itemDir, progressFile, keyInfo, chain, tracks);
            seconds = duration;
        }
        long timeout = Math.max(limits.minTimeoutMillis(), (long) (seconds * limits.timeoutPerMediaSecond() * 1000));
        if (LOG.isDebugEnabled()) {
            LOG.debug("Asset {} item {}: {} {}", id, w.item(), String.join(" ", tools.ffmpeg()),
                    String.join(" ", args).replace(input.source(), input.redacted()));
        }
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args, timeout);
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, itemDir.toString());
        exchange.getIn().setHeader(STARTED, System.nanoTime());
        exchange.getIn().setHeader(TIMEOUT, timeout);
    }

    /** Checks how ffmpeg ended, keeps the item's files and records it done; {@link #LAST} says whether to stitch. */
    public void finish(Exchange exchange) throws IOException {
        Run r = load(exchange);
        ChunkWork w = r.work();
        String id = r.id();
        Asset asset = r.asset();
        Path itemDir = chunksDir(id).resolve(r.item());
        progress.stop(id + "#" + w.item());
        encryption.cleanUp(itemDir);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        String stderr = FfmpegTools.errorOutput(result);
        String item = describe(r.chunks(), w.item(), asset.getProbe().durationSeconds());
        Refusals.in(stderr).ifPresent(refusal -> {
            throw refusal;
        });
        if (result.getExitValue() != 0 || !Files.isRegularFile(itemDir.resolve(ChunkCommand.HLS).resolve("master.m3u8"))) {
            long elapsed = (System.nanoTime() - exchange.getIn().getHeader(STARTED, Long.class)) / 1_000_000;
            long timeout = exchange.getIn().getHeader(TIMEOUT, Long.class);
            if (elapsed >= timeout) {
                throw new RejectedInput(ErrorCode.TRANSCODE_TIMEOUT, "Transcoding " + item + " took longer than the limit of "
                        + timeout / 1000 + " s.");
            }
            throw TranscodeStage.failure(paths, id, item, result.getExitValue(), stderr, AttemptCounter.redeliveries(exchange));
        }
        Files.deleteIfExists(itemDir.resolve("progress.txt"));
        outputs.keep(id, w.run(), itemDir.getFileName().toString(), itemDir);
        removeIfEmpty(chunksDir(id)); // a worker that only encoded items keeps no folder of the asset
        removeIfEmpty(folders.workDir(id));
        Completion completion = ledger.done(id, w.run(), w.item());
        if (completion == Completion.MORE) {
            caravan.CrashPoints.reached(caravan.CrashPoints.CHUNK_RECORDED);
        }
        LOG.info("Asset {}: {} encoded ({})", id, item, completion);
        if (completion == Completion.STALE) { // the asset failed, or started again, while this item ran
            drop(id, itemDir);
        }
        ledger.find(id).filter(run -> run.run() == w.run()).ifPresent(run -> {
            ChunkCount count = count(r.chunks(), r.plan(), run.done(), run.items(), asset.getProbe().durationSeconds());
            store.update(id, a -> { // items end at once on several workers: the count only grows
                if (a.getChunks() == null || a.getChunks().done() < count.done()) {
                    a.setChunks(count);
                }
                a.setProgress(Math.max(a.getProgress(), percent(count)));
            });
        });
        exchange.getIn().setHeader(LAST, completion == Completion.LAST);
    }

    /** The last item's worker: every item's files here, the side outputs merged, the renditions stitched. */
    public void stitch(Exchange exchange) throws IOException {
        Run r = load(exchange);
        ChunkWork w = r.work();
        String id = r.id();
        Asset asset = r.asset();
        List<AudioRendition> tracks = tracks(asset, r.plan());
        List<String> items = new ArrayList<>(r.chunks().chunks().stream().map(ChunkCommand::folder).toList());
        if (!tracks.isEmpty()) {
            items.add(ChunkCommand.AUDIO_ITEM);
        }
        Path dir = chunksDir(id);
        outputs.gather(id, w.run(), items, dir);
        sideOutputs.mergeChunks(id, r.plan(), asset.getProbe(), r.chunks().chunks().stream().map(c -> dir.resolve(ChunkCommand.folder(c))).toList(),
                r.chunks().chunks().stream().map(Chunk::start).toList());
        if (!tracks.isEmpty()) { // the audio item's meter of what it encoded, where the loudness stage reads it
            Path meter = dir.resolve(ChunkCommand.AUDIO_ITEM).resolve(caravan.loudness.LoudnessStage.METER_FILE);
            if (Files.isRegularFile(meter)) {
                Files.move(meter, folders.workDir(id).resolve(meter.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ChunkPlaylists.stitch(dir, folders.transcodeOutput(id), ChunkCommand.rungFolders(r.plan()), r.chunks().chunks(),
                tracks.stream().map(AudioRendition::folder).toList());
        DataFolders.deleteTree(dir);
        LOG.info("Asset {}: {} chunks stitched", id, r.chunks().chunks().size());
    }

    /** After publishing: the run and any kept item files are gone. */
    public void forget(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ledger.forget(id);
        outputs.discard(id);
    }

    /**
     * After a failure is recorded: an asset that had a run leaves no item files and no ledger record (an item still
     * running then finds no run and is dropped; a retry starts a new run). Never throws.
     */
    public void afterFailure(Exchange exchange) {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        try {
            if (id != null && ledger.find(id).isPresent()) {
                ledger.forget(id);
                outputs.discard(id);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Asset {}: its chunk files could not be removed after the failure (they expire): {}", id, e.getClass().getSimpleName());
        }
    }

    /** The dead-letter side: true for the run's first failed item only, so the asset fails once. */
    public boolean firstFailure(Exchange exchange) {
        ChunkWork w = exchange.getProperty(WORK, ChunkWork.class);
        if (w == null) {
            return true;
        }
        progress.stop(w.assetId() + "#" + w.item());
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (exchange.getContext().isStopping() && !(cause instanceof RejectedInput)) {
            LOG.info("Asset {}: work item {} was interrupted by the shutdown; the run goes on without failing", w.assetId(), w.item());
            return false; // as FailureRecorder does for a whole asset: not a failure
        }
        boolean first = ledger.fail(w.assetId(), w.run(), w.item());
        if (!first) {
            LOG.info("Asset {}: work item {} failed too; the asset has already failed", w.assetId(), w.item());
            try {
                drop(w.assetId(), chunksDir(w.assetId()).resolve(load(w, w.assetId()).item()));
            } catch (IOException | RuntimeException e) {
                LOG.debug("Asset {}: work item {}'s folder stays: {}", w.assetId(), w.item(), e.toString());
            }
        }
        return first;
    }

    /** "chunk 3 of 10 (2:00-3:00)" or "the audio". */
    static String describe(ChunkPlan chunks, int item, double duration) {
        if (item >= chunks.chunks().size()) {
            return "the audio";
        }
        Chunk c = chunks.chunks().get(item);
        return String.format(Locale.ROOT, "chunk %d of %d (%s-%s)", item + 1, chunks.chunks().size(), clock(c.start()),
                clock(Math.min(c.end(), duration)));
    }

    private static String clock(double seconds) {
        long s = (long) Math.floor(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.0f s", s);
    }

    /** Items done of all, and the frames of the chunks done of the video's (on the constant-rate grid). */
    private static ChunkCount count(ChunkPlan chunks, LadderPlan plan, Set<Integer> done, int items, double duration) {
        long frames = 0;
        long framesDone = 0;
        for (Chunk c : chunks.chunks()) {
            long n = Math.round(Math.min(c.end(), duration) * plan.frameRate()) - Math.round(c.start() * plan.frameRate());
            frames += Math.max(0, n);
            framesDone += done.contains(c.index()) ? Math.max(0, n) : 0;
        }
        return new ChunkCount(done.size(), items, framesDone, frames);
    }

    private static int percent(ChunkCount c) {
        return c.total() == 0 ? 0 : (int) Math.min(99, 99L * c.done() / c.total());
    }

    private double doneSeconds(String id, ChunkPlan chunks, double duration) {
        Set<Integer> done = ledger.find(id).map(ChunkRun::done).orElse(Set.of());
        double s = 0;
        for (Chunk c : chunks.chunks()) {
            if (done.contains(c.index())) {
                s += Math.min(c.end(), duration) - c.start();
            }
        }
        return s;
    }

    /** An item no longer wanted: its folder goes, and the asset's folders if nothing else is in them. */
    private void drop(String id, Path itemDir) throws IOException {
        DataFolders.deleteTree(itemDir);
        removeIfEmpty(chunksDir(id));
        removeIfEmpty(folders.workDir(id));
    }

    private static void removeIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException notEmpty) {
            // still holds the source, or other items of the asset
        }
    }

    private Path chunksDir(String id) {
        return folders.workDir(id).resolve("chunks");
    }
}
