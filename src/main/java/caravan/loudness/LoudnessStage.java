package caravan.loudness;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.Loudness;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.store.AssetStore;
import caravan.transcode.AudioChain;
import caravan.transcode.Ladder;
import caravan.transcode.TranscodeStage;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Even loudness (EBU R128), two passes: before the transcode, one ffmpeg run over the upload's first audio track
 * measures it (ebur128's meter, recorded on the asset); the transcode pass then takes the audio through one linear
 * gain to the target ({@link AudioChain}: {@link TranscodeStage} asks for it) and meters what it encodes, which
 * {@link #recordOutput} records. Silence, or audio the analysis cannot read, is left as it is.
 */
public final class LoudnessStage implements AudioChain {
    private static final Logger LOG = LoggerFactory.getLogger(LoudnessStage.class);
    /** The meter's figures, written by the transcode pass in the asset's work folder. */
    public static final String METER_FILE = "loudness-meter.txt";

    private final DataFolders folders;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final UntrustedInput input;
    private final Ladder.Audio audio;
    private final LoudnessSettings settings;
    private final long minTimeoutMillis;
    private final double timeoutPerMediaSecond;

    public LoudnessStage(DataFolders folders, AssetStore store, FfmpegTools tools, UntrustedInput input, Ladder.Audio audio,
                         LoudnessSettings settings, long minTimeoutMillis, double timeoutPerMediaSecond) {
        this.folders = folders;
        this.store = store;
        this.tools = tools;
        this.input = input;
        this.audio = audio;
        this.settings = settings;
        this.minTimeoutMillis = minTimeoutMillis;
        this.timeoutPerMediaSecond = timeoutPerMediaSecond;
    }

    /** Normalising is on and the upload has sound. */
    public boolean wanted(@Header(ASSET_ID) String id) {
        return settings.normalise() && store.find(id).map(a -> a.getProbe() != null && a.getProbe().hasAudio()).orElse(false);
    }

    /** The analysis: audio only, as the ladder encodes it; ebur128 prints its summary at the info level. */
    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Files.deleteIfExists(meterFile(id));
        List<String> args = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "info"));
        args.addAll(input.options());
        args.addAll(List.of("-i", UntrustedInput.path(folders.source(id)), "-map", "0:a:0", "-vn",
                "-af", LoudnessMeasurement.analysis(audio), "-f", "null", "-"));
        double seconds = store.find(id).map(a -> a.getProbe().durationSeconds()).orElse(0.0);
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args,
                Math.max(minTimeoutMillis, (long) (seconds * timeoutPerMediaSecond * 1000)));
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
    }

    /**
     * Records the measurement. Silence, or a run that measured nothing, records none and the audio is published as
     * it is: a source ffmpeg cannot decode fails in the transcode, with its own error.
     */
    public void record(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        String stderr = FfmpegTools.errorOutput(result);
        Optional<LoudnessMeasurement> measured = result.getExitValue() == 0 ? LoudnessMeasurement.parse(stderr) : Optional.empty();
        if (measured.isEmpty() && result.getExitValue() != 0) {
            LOG.warn("Measuring the loudness of asset {} ended with {}; its audio is not normalised: {}", id, result.getExitValue(),
                    new ServerPaths(folders.root()).redact(tail(stderr)));
        } else if (measured.isEmpty()) {
            LOG.info("Asset {} is silent: its audio is not normalised", id);
        }
        Loudness loudness = measured.map(m -> m.record(settings)).orElse(null);
        store.update(id, a -> a.setLoudness(loudness));
        measured.ifPresent(m -> LOG.info("Asset {} measures {} LUFS, {} dBTP: normalising to {} LUFS", id, m.inputI(), m.inputTp(),
                settings.targetI()));
    }

    /** The transcode pass's audio chain: the measured gain to the target, and the meter. */
    @Override
    public Filters plan(Asset asset, Ladder.Audio ladderAudio) {
        if (!settings.normalise() || asset.getLoudness() == null) {
            return null;
        }
        return new Filters(LoudnessMeasurement.of(asset.getLoudness()).normalisation(settings, ladderAudio),
                PublishedLoudness.meter(METER_FILE, ladderAudio.sampleRate()));
    }

    /** After the transcode: what the pass's meter measured on the published audio goes on the record. */
    public void recordOutput(@Header(ASSET_ID) String id) throws IOException {
        Path meter = meterFile(id);
        if (!Files.isRegularFile(meter)) {
            return;
        }
        Optional<PublishedLoudness> out = PublishedLoudness.parse(Files.readString(meter, StandardCharsets.UTF_8));
        Files.delete(meter);
        out.ifPresent(o -> store.update(id, a -> {
            if (a.getLoudness() != null) {
                a.setLoudness(a.getLoudness().withOutput(round(o.integrated()), round(o.truePeak())));
            }
        }));
    }

    private Path meterFile(String id) {
        return folders.workDir(id).resolve(METER_FILE);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static String tail(String text) {
        String t = text.strip();
        return t.length() <= 1000 ? t : "..." + t.substring(t.length() - 1000);
    }
}
