package caravan.transcode;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Outputs;
import caravan.asset.Outputs.AudioRendition;
import caravan.failure.AttemptCounter;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.failure.TranscodeFailed;
import caravan.ffmpeg.DecodeFailure;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.Refusals;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Transcode with the bundled ffmpeg: plans the ladder for the probed source, hands ffmpeg's one-process command to
 * camel-exec with a per-job time limit, follows its progress, and checks how it ended.
 */
public final class TranscodeStage implements TranscodeEngine {
    private static final Logger LOG = LoggerFactory.getLogger(TranscodeStage.class);
    private static final String STARTED = "CaravanTranscodeStarted";
    private static final String TIMEOUT = "CaravanTranscodeTimeout";

    private final DataFolders folders;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final Ladder ladder;
    private final ProgressTracker progress;
    private final SegmentEncryption encryption;
    private final UntrustedInput input;
    private final long minTimeoutMillis;
    private final double timeoutPerMediaSecond;
    private final SideOutputPlanner sideOutputs;
    private final ServerPaths paths;
    private final AudioChain audioChain;
    private final int maxAudioTracks;
    private final CmafPackaging cmaf;

    public TranscodeStage(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                          SegmentEncryption encryption, UntrustedInput input, long minTimeoutMillis, double timeoutPerMediaSecond) {
        this(folders, store, tools, ladder, progress, encryption, input, minTimeoutMillis, timeoutPerMediaSecond, SideOutputPlanner.NONE);
    }

    public TranscodeStage(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                          SegmentEncryption encryption, UntrustedInput input, long minTimeoutMillis, double timeoutPerMediaSecond,
                          SideOutputPlanner sideOutputs) {
        this(folders, store, tools, ladder, progress, encryption, input, minTimeoutMillis, timeoutPerMediaSecond, sideOutputs,
                AudioChain.NONE);
    }

    public TranscodeStage(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                          SegmentEncryption encryption, UntrustedInput input, long minTimeoutMillis, double timeoutPerMediaSecond,
                          SideOutputPlanner sideOutputs, AudioChain audioChain) {
        this(folders, store, tools, ladder, progress, encryption, input, minTimeoutMillis, timeoutPerMediaSecond, sideOutputs,
                audioChain, 1, null);
    }

    /**
     * {@code maxAudioTracks}: the upload's audio tracks published, each as its own rendition, at most; packaged as CMAF
     * by {@code cmaf} (null: MPEG-TS with AES-128, {@link TranscodeCommand}).
     */
    public TranscodeStage(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                          SegmentEncryption encryption, UntrustedInput input, long minTimeoutMillis, double timeoutPerMediaSecond,
                          SideOutputPlanner sideOutputs, AudioChain audioChain, int maxAudioTracks, CmafPackaging cmaf) {
        this.maxAudioTracks = maxAudioTracks;
        this.cmaf = cmaf;
        this.audioChain = audioChain;
        this.sideOutputs = sideOutputs;
        this.paths = new ServerPaths(folders.root());
        this.encryption = encryption;
        this.folders = folders;
        this.store = store;
        this.tools = tools;
        this.ladder = ladder;
        this.progress = progress;
        this.input = input;
        this.minTimeoutMillis = minTimeoutMillis;
        this.timeoutPerMediaSecond = timeoutPerMediaSecond;
    }

    @Override
    public String name() {
        return FFMPEG;
    }

    @Override
    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Asset asset = store.update(id, a -> {
            a.setStatus(AssetStatus.TRANSCODING);
            a.setProgress(0);
            a.setOutputs(null); // a new run publishes (and warns about) its outputs afresh
            a.setWarnings(null);
        });
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        // CMAF names each track's playlist <folder>.m3u8 beside the rungs' (docs/cmaf.md)
        List<AudioRendition> tracks = plan.audio()
                ? AudioRenditions.plan(asset.getProbe(), plan.video(), maxAudioTracks, ladder.audio().channels()) : List.of();
        if (cmaf != null) {
            tracks = CmafManifests.renditions(tracks);
        }
        List<AudioRendition> planned = tracks;
        store.update(id, a -> a.setOutputs(planned.isEmpty() ? null : Outputs.NONE.withAudio(planned)));
        Path out = folders.transcodeOutput(id);
        DataFolders.deleteTree(out);
        Files.createDirectories(out);
        Path progressFile = folders.progressFile(id);
        Files.deleteIfExists(progressFile);
        SideOutputs side = sideOutputs.plan(id, plan, asset.getProbe());
        AudioChain.Filters audio = plan.audio() ? audioChain.plan(asset, ladder.audio()) : null;
        List<String> args = cmaf != null ? cmaf.arguments(id, plan, folders.source(id), out, progressFile, input, side, audio, tracks)
                : TranscodeCommand.arguments(plan, folders.source(id), out, progressFile, input,
                        encryption.prepare(id, TranscodeCommand.renditionFolders(plan, tracks)), side, audio, tracks);
        long timeout = Math.max(minTimeoutMillis, (long) (asset.getProbe().durationSeconds() * timeoutPerMediaSecond * 1000));
        LOG.debug("Transcoding asset {}: {} {}", id, String.join(" ", tools.ffmpeg()), String.join(" ", args));
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args, timeout);
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
        exchange.getIn().setHeader(STARTED, System.nanoTime());
        exchange.getIn().setHeader(TIMEOUT, timeout);
        progress.start(id, progressFile, asset.getProbe().durationSeconds());
    }

    @Override
    public void finish(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        progress.stop(id);
        encryption.cleanUp(id);
        if (cmaf != null) {
            cmaf.cleanUp(id);
        }
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        long elapsedMillis = (System.nanoTime() - exchange.getIn().getHeader(STARTED, Long.class)) / 1_000_000;
        String stderr = FfmpegTools.errorOutput(result);
        // the decoder refuses an over-size picture without stopping ffmpeg: the output would silently miss frames
        Refusals.in(stderr).ifPresent(refusal -> {
            throw refusal;
        });
        if (result.getExitValue() == 0 && Files.isRegularFile(folders.transcodeOutput(id).resolve("master.m3u8"))) {
            if (cmaf != null) {
                cmaf.finish(id, LadderPlanner.plan(store.find(id).orElseThrow(), ladder), folders.transcodeOutput(id));
            }
            LOG.info("Transcoded asset {} in {} ms", id, elapsedMillis);
            return;
        }
        if (elapsedMillis >= exchange.getIn().getHeader(TIMEOUT, Long.class)) {
            throw new RejectedInput(ErrorCode.TRANSCODE_TIMEOUT,
                    "Transcoding took longer than the limit of " + exchange.getIn().getHeader(TIMEOUT, Long.class) / 1000 + " s.");
        }
        throw failure(id, result.getExitValue(), stderr, AttemptCounter.redeliveries(exchange));
    }

    /**
     * Why the run failed, for the failure policy: an upload ffmpeg could not decode is retried once, in case something
     * passing was to blame, and rejected if it fails the same way again; any other failure may be transient. ffmpeg's
     * own words go to the log only, with the server's paths taken out.
     */
    private RuntimeException failure(String id, int exitValue, String stderr, int redeliveries) {
        return failure(paths, id, null, exitValue, stderr, redeliveries);
    }

    /**
     * The same for {@code part} of the asset (a chunk of a split-and-stitch run, named in the asset's error), or the
     * whole asset ({@code part} null).
     */
    public static RuntimeException failure(ServerPaths paths, String id, String part, int exitValue, String stderr, int redeliveries) {
        String detail = paths.redact(tail(stderr, 1000));
        String of = part == null ? "asset " + id : part + " of asset " + id;
        if (!DecodeFailure.in(exitValue, stderr)) {
            LOG.warn("Transcoding {} failed: ffmpeg exited with {}: {}", of, exitValue, detail);
            return new TranscodeFailed(exitValue, detail, null, part);
        }
        RejectedInput undecodable = DecodeFailure.rejection();
        RejectedInput rejection = part == null ? undecodable
                : new RejectedInput(undecodable.code(), undecodable.getMessage() + " (in " + part + ")");
        String evidence = paths.redact(DecodeFailure.firstEvidence(stderr).orElse(""));
        if (redeliveries > 0) {
            LOG.warn("ffmpeg could not decode {} again (exit {}); rejected as undecodable. First decode error: {}; last output: {}",
                    of, exitValue, evidence, detail);
            return rejection;
        }
        LOG.warn("ffmpeg could not decode {} (exit {}); trying once more. First decode error: {}; last output: {}",
                of, exitValue, evidence, detail);
        return new TranscodeFailed(exitValue, detail, rejection, part);
    }

    static String tail(String text, int max) {
        String t = text.strip();
        return t.length() <= max ? t : "..." + t.substring(t.length() - max);
    }
}
