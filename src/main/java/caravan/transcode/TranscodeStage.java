package caravan.transcode;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.failure.TranscodeFailed;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.Refusals;
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

    public TranscodeStage(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                          SegmentEncryption encryption, UntrustedInput input, long minTimeoutMillis, double timeoutPerMediaSecond) {
        this(folders, store, tools, ladder, progress, encryption, input, minTimeoutMillis, timeoutPerMediaSecond, SideOutputPlanner.NONE);
    }

    public TranscodeStage(DataFolders folders, AssetStore store, FfmpegTools tools, Ladder ladder, ProgressTracker progress,
                          SegmentEncryption encryption, UntrustedInput input, long minTimeoutMillis, double timeoutPerMediaSecond,
                          SideOutputPlanner sideOutputs) {
        this.sideOutputs = sideOutputs;
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
        LadderPlan plan = LadderPlanner.plan(asset.getProbe(), ladder);
        Path out = folders.transcodeOutput(id);
        DataFolders.deleteTree(out);
        Files.createDirectories(out);
        Path progressFile = folders.progressFile(id);
        Files.deleteIfExists(progressFile);
        Path keyInfo = encryption.prepare(id, TranscodeCommand.renditionFolders(plan));
        SideOutputs side = sideOutputs.plan(id, plan, asset.getProbe());
        List<String> args = TranscodeCommand.arguments(plan, folders.source(id), out, progressFile, input, keyInfo, side);
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
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        long elapsedMillis = (System.nanoTime() - exchange.getIn().getHeader(STARTED, Long.class)) / 1_000_000;
        String stderr = result.getStderr() == null ? "" : new String(result.getStderr().readAllBytes(), StandardCharsets.UTF_8);
        // the decoder refuses an over-size picture without stopping ffmpeg: the output would silently miss frames
        Refusals.in(stderr).ifPresent(refusal -> {
            throw refusal;
        });
        if (result.getExitValue() == 0 && Files.isRegularFile(folders.transcodeOutput(id).resolve("master.m3u8"))) {
            LOG.info("Transcoded asset {} in {} ms", id, elapsedMillis);
            return;
        }
        if (elapsedMillis >= exchange.getIn().getHeader(TIMEOUT, Long.class)) {
            throw new RejectedInput(ErrorCode.TRANSCODE_TIMEOUT,
                    "Transcoding took longer than the limit of " + exchange.getIn().getHeader(TIMEOUT, Long.class) / 1000 + " s.");
        }
        LOG.warn("ffmpeg exited with {} for asset {}: {}", result.getExitValue(), id, tail(stderr, 4000));
        // the message is the asset's error (API, events, error report): ffmpeg names its files, the data folder it is in is not said
        throw new TranscodeFailed("ffmpeg exited with " + result.getExitValue() + ": " + tail(withoutDataFolder(stderr), 1000));
    }

    /** {@code text} with the data folder's location replaced by {@code <data>}. */
    String withoutDataFolder(String text) {
        return text.replace(folders.root().toString(), "<data>");
    }

    static String tail(String text, int max) {
        String t = text.strip();
        return t.length() <= max ? t : "..." + t.substring(t.length() - max);
    }
}
