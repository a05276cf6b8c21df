package caravan.outputs;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.AssetWarning;
import caravan.asset.Outputs;
import caravan.asset.Rendition;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.publish.MasterPlaylist;
import caravan.store.AssetStore;
import caravan.transcode.DownloadRung;
import caravan.transcode.Ladder;
import caravan.transcode.SegmentDecryption;
import org.apache.camel.Exchange;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * The MP4 download ({@code caravan.outputs.downloadRung}, off by default): the chosen rung as ffmpeg already encoded
 * it, its segments read back in clear and copied, not encoded again, into a progressive MP4 with the index first
 * ({@code +faststart}), so a file saved for offline viewing plays while it downloads. If the source is smaller than
 * the chosen rung, the largest rung it has below that. A download that cannot be made is a warning, not a failure.
 */
public final class DownloadStage {
    private static final Logger LOG = LoggerFactory.getLogger(DownloadStage.class);
    public static final String VIDEO = "download.mp4";
    public static final String AUDIO = "download.m4a";
    private static final String RENDITION = "CaravanDownloadRendition";

    private final DataFolders folders;
    private final OutputFolders files;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final SegmentDecryption segments;
    private final Ladder ladder;
    private final String rung;
    private final long timeoutMillis;

    public DownloadStage(DataFolders folders, OutputFolders files, AssetStore store, FfmpegTools tools, SegmentDecryption segments,
                         Ladder ladder, String rung, long timeoutMillis) {
        this.folders = folders;
        this.files = files;
        this.store = store;
        this.tools = tools;
        this.segments = segments;
        this.ladder = ladder;
        this.rung = rung;
        this.timeoutMillis = timeoutMillis;
    }

    public boolean wanted() {
        return rung != null;
    }

    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Path published = files.published(id);
        List<Rendition> renditions = MasterPlaylist.renditions(Files.readString(published.resolve("master.m3u8"), StandardCharsets.UTF_8));
        Rendition chosen = choose(renditions, ladder, rung).orElseThrow();
        Path clear = files.clearDownload(id);
        try (OutputStream out = Files.newOutputStream(clear)) {
            segments.copyClear(id, published.resolve(chosen.playlist()), out);
        }
        Path target = published.resolve(chosen.width() == 0 ? AUDIO : VIDEO);
        List<String> args = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y",
                "-protocol_whitelist", "file", "-format_whitelist", "mpegts", "-f", "mpegts", "-i", UntrustedInput.path(clear)));
        // a video's rungs carry no sound: the default audio rendition is muxed in beside the picture
        Optional<String> sound = chosen.width() == 0 ? Optional.empty() : store.find(id)
                .map(a -> Outputs.orNone(a.getOutputs()).audio()).flatMap(l -> l.stream().filter(Outputs.AudioRendition::isDefault).findFirst())
                .map(Outputs.AudioRendition::playlist);
        if (sound.isPresent()) {
            try (OutputStream out = Files.newOutputStream(clearAudio(id))) {
                segments.copyClear(id, published.resolve(sound.get()), out);
            }
            args.addAll(List.of("-f", "mpegts", "-i", UntrustedInput.path(clearAudio(id)), "-map", "0:v", "-map", "1:a"));
        } else {
            args.addAll(List.of("-map", "0"));
        }
        args.addAll(List.of("-c", "copy", "-movflags", "+faststart", "-f", "mp4", UntrustedInput.path(target)));
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args, timeoutMillis);
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
        exchange.getIn().setHeader(RENDITION, chosen.name() + "|" + target.getFileName());
    }

    public void finish(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        String[] chosen = exchange.getIn().getHeader(RENDITION, String.class).split("\\|");
        exchange.getIn().removeHeader(RENDITION);
        Files.deleteIfExists(files.clearDownload(id));
        Files.deleteIfExists(clearAudio(id));
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        Path target = files.published(id).resolve(chosen[1]);
        if (result.getExitValue() != 0 || !Files.isRegularFile(target) || Files.size(target) == 0) {
            String stderr = FfmpegTools.errorOutput(result);
            LOG.warn("The MP4 download of asset {} could not be made (exit {}): {}", id, result.getExitValue(),
                    new ServerPaths(folders.root()).redact(stderr.strip()));
            Files.deleteIfExists(target);
            store.update(id, a -> a.setWarnings(AssetWarning.append(a.getWarnings(), new AssetWarning(AssetWarning.DOWNLOAD_FAILED,
                    "The MP4 download of " + chosen[0] + " could not be made; the stream plays as usual."))));
            return;
        }
        Outputs.Download download = new Outputs.Download(chosen[1], chosen[0], Files.size(target));
        store.update(id, a -> a.setOutputs(Outputs.orNone(a.getOutputs()).withDownload(download)));
    }

    private Path clearAudio(String id) {
        return files.clearDownload(id).resolveSibling("download-audio.ts");
    }

    /** The rendition offered: {@link DownloadRung#choose}, shared with the MediaConvert engine. */
    static Optional<Rendition> choose(List<Rendition> renditions, Ladder ladder, String rung) {
        return DownloadRung.choose(renditions, ladder, rung);
    }
}
