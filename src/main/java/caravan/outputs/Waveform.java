package caravan.outputs;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.Rendition;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.publish.MasterPlaylist;
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

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * The waveform poster of a sound-only upload whose ladder another engine made (MediaConvert has no waveform output):
 * one short ffmpeg run over the source's audio on the worker, with the same picture the ffmpeg engine draws in its
 * pass, so {@link PosterPicker} makes the same poster of it.
 */
public final class Waveform {
    private static final Logger LOG = LoggerFactory.getLogger(Waveform.class);

    private final DataFolders folders;
    private final OutputFolders files;
    private final FfmpegTools tools;
    private final UntrustedInput input;
    private final long timeoutMillis;

    public Waveform(DataFolders folders, FfmpegTools tools, UntrustedInput input, long timeoutMillis) {
        this.folders = folders;
        this.files = new OutputFolders(folders);
        this.tools = tools;
        this.input = input;
        this.timeoutMillis = timeoutMillis;
    }

    /** Sound only: every rendition of the fetched master is without a picture (read from the master: no store read). */
    public boolean wanted(@Header(ASSET_ID) String id) throws IOException {
        Path master = files.published(id).resolve("master.m3u8");
        if (!Files.isRegularFile(master)) {
            return false;
        }
        List<Rendition> renditions = MasterPlaylist.renditions(Files.readString(master, StandardCharsets.UTF_8));
        return !renditions.isEmpty() && renditions.stream().allMatch(r -> r.width() == 0);
    }

    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Files.deleteIfExists(files.waveform(id));
        Files.createDirectories(files.waveform(id).getParent());
        List<String> args = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y"));
        args.addAll(input.options());
        args.addAll(List.of("-i", UntrustedInput.path(folders.source(id)),
                "-filter_complex", "[0:a:0]" + OutputsPlanner.WAVEFORM + "[w]", "-map", "[w]",
                "-frames:v", "1", "-update", "1", "-c:v", "png", "-f", "image2", "file:" + files.waveform(id).toAbsolutePath()));
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args, timeoutMillis);
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
    }

    /** A failed drawing is logged and leaves no picture: the asset is published without a poster, as with ffmpeg. */
    public void finish(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        if (result.getExitValue() != 0) {
            String stderr = FfmpegTools.errorOutput(result);
            LOG.warn("Drawing the waveform of asset {} ended with {}: {}", id, result.getExitValue(),
                    new ServerPaths(folders.root()).redact(stderr.strip()));
            Files.deleteIfExists(files.waveform(id));
        }
    }
}
