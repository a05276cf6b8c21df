package caravan.complexity;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.LadderChoice;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Per-title ladders ({@code caravan.ladder.mode=per-title}): before the one transcode, an analysis run
 * ({@link ComplexityProbe}) measures how hard this video is to encode, and {@link LadderChooser} picks each rung's
 * bitrate from it; the choice goes on the asset, where the transcode's plan ({@link LadderPlanner#plan(Asset, Ladder)})
 * and every later stage read it. An analysis that fails or measures nothing leaves the configured ladder in place.
 */
public final class ComplexityStage {
    private static final Logger LOG = LoggerFactory.getLogger(ComplexityStage.class);
    private static final String PROBE = "CaravanComplexityProbe";

    private final DataFolders folders;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final UntrustedInput input;
    private final Ladder ladder;
    private final PerTitleSettings settings;
    private final long minTimeoutMillis;
    private final double timeoutPerMediaSecond;

    public ComplexityStage(DataFolders folders, AssetStore store, FfmpegTools tools, UntrustedInput input, Ladder ladder,
                           PerTitleSettings settings, long minTimeoutMillis, double timeoutPerMediaSecond) {
        this.folders = folders;
        this.store = store;
        this.tools = tools;
        this.input = input;
        this.ladder = ladder;
        this.settings = settings;
        this.minTimeoutMillis = minTimeoutMillis;
        this.timeoutPerMediaSecond = timeoutPerMediaSecond;
    }

    /** Per-title mode, and the upload has a picture; otherwise any earlier choice is forgotten (the configured ladder). */
    public boolean wanted(@Header(ASSET_ID) String id) {
        Optional<Asset> asset = store.find(id);
        boolean wanted = settings.perTitle() && asset.map(a -> a.getProbe() != null && a.getProbe().hasVideo()).orElse(false);
        if (!wanted && asset.map(a -> a.getLadderChoice() != null).orElse(false)) {
            store.update(id, a -> a.setLadderChoice(null));
        }
        return wanted;
    }

    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Asset asset = store.update(id, a -> a.setLadderChoice(null)); // the configured ladder until this run has measured
        double seconds = asset.getProbe().durationSeconds();
        ComplexityProbe probe = ComplexityProbe.of(LadderPlanner.plan(asset.getProbe(), ladder), seconds, settings.analysisShare());
        List<String> args = probe.arguments(folders.source(id), folders.workDir(id), input);
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args,
                Math.max(minTimeoutMillis, (long) (probe.analysedSeconds() * timeoutPerMediaSecond * 1000)));
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
        exchange.setProperty(PROBE, probe);
    }

    /** The choice on the record; without a usable measurement, none (the configured ladder), and a line in the log. */
    public void record(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ComplexityProbe probe = exchange.getProperty(PROBE, ComplexityProbe.class);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        String log = FfmpegTools.errorOutput(result);
        try {
            Optional<List<RungProbes>> measured = result.getExitValue() == 0 ? probe.read(log, folders.workDir(id)) : Optional.empty();
            if (measured.isEmpty()) {
                LOG.warn("Analysing asset {} for a per-title ladder ended with {}; it gets the configured ladder: {}", id,
                        result.getExitValue(), new ServerPaths(folders.root()).redact(tail(log)));
                return;
            }
            Asset asset = store.find(id).orElseThrow();
            LadderPlan.PlannedRung top = probe.plan().rungs().get(0);
            double complexity = measured.get().get(0).atConfigured().actualKbps() * 1000
                    / ((double) top.width() * top.height() * probe.plan().frameRate());
            LadderChoice choice = LadderChooser.choose(measured.get(), settings, asset.getProbe().durationSeconds(), complexity,
                    probe.analysedSeconds());
            store.update(id, a -> a.setLadderChoice(choice));
            LOG.info("Asset {}: per-title ladder {} (complexity {} bits/pixel; dropped {}; about {} bytes saved)", id,
                    choice.rungs().stream().map(r -> r.name() + " " + r.chosenKbps() + "/" + r.configuredKbps() + " kb/s").toList(),
                    choice.complexity(), choice.dropped(), choice.estimatedBytesSaved());
        } finally {
            probe.cleanUp(folders.workDir(id));
        }
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 1000 ? t : "..." + t.substring(t.length() - 1000);
    }
}
