package caravan.captions;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.Asset;
import caravan.asset.AssetWarning;
import caravan.asset.Outputs;
import caravan.asset.Outputs.Caption;
import caravan.asset.ProbeSummary.SubtitleInfo;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.ingest.CaptionFiles;
import caravan.publish.MasterPlaylist;
import caravan.publish.MasterPlaylistEdits;
import caravan.publish.MasterPlaylistEdits.SubtitleTrack;
import caravan.store.AssetStore;
import caravan.transcode.SegmentDecryption;
import caravan.transcode.TransportStream;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.component.exec.ExecBinding;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Captions: the caption files dropped beside the video ({@code NAME.vtt}, {@code NAME.srt}, {@code NAME.en.vtt}...)
 * and the text subtitle tracks inside the upload become WebVTT tracks of the HLS master's SUBTITLES group, each a
 * one-segment subtitle playlist ({@code captions/<lang>/index.m3u8}) whose {@code captions.vtt} carries the
 * X-TIMESTAMP-MAP of the ladder's segments. SDH captions ({@code NAME.en.sdh.vtt}) are named so ("English (SDH)"),
 * kept in a folder of their own ({@code captions/en-sdh/}) and carry the accessibility CHARACTERISTICS. A caption that cannot be read fails only itself: the asset gets a
 * warning that says which file and why, and is published without it.
 */
public final class CaptionStage {
    private static final Logger LOG = LoggerFactory.getLogger(CaptionStage.class);
    public static final String GROUP = "captions";
    static final int MAX_BYTES = 5 << 20;
    /** ffmpeg's MPEG-TS muxer starts at 1.4 s; used only if the first segment cannot be read. */
    static final long DEFAULT_MPEGTS_START = 126_000;

    private final DataFolders folders;
    private final OutputFolders files;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final UntrustedInput input;
    private final SegmentDecryption segments;
    private final long timeoutMillis;

    public CaptionStage(DataFolders folders, OutputFolders files, AssetStore store, FfmpegTools tools, UntrustedInput input,
                        SegmentDecryption segments, long timeoutMillis) {
        this.folders = folders;
        this.files = files;
        this.store = store;
        this.tools = tools;
        this.input = input;
        this.segments = segments;
        this.timeoutMillis = timeoutMillis;
    }

    /** Whether the upload has text subtitle tracks to extract. */
    public boolean hasEmbedded(@Header(ASSET_ID) String id) {
        return !store.find(id).orElseThrow().getProbe().textSubtitles().isEmpty();
    }

    public void prepareExtraction(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        List<SubtitleInfo> tracks = store.find(id).orElseThrow().getProbe().textSubtitles();
        Path out = files.embeddedCaptions(id);
        DataFolders.deleteTree(out);
        Files.createDirectories(out);
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), ExtractionCommand.arguments(folders.source(id), tracks, out, input),
                timeoutMillis);
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
    }

    /** A failed extraction is recorded; whatever tracks it did write are still used. */
    public void checkExtraction(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        if (result.getExitValue() != 0) {
            String stderr = FfmpegTools.errorOutput(result);
            LOG.warn("Extracting the subtitle tracks of asset {} ended with {}: {}", id, result.getExitValue(),
                    new ServerPaths(folders.root()).redact(stderr.strip()));
        }
    }

    public void publish(@Header(ASSET_ID) String id) throws IOException {
        Asset asset = store.find(id).orElseThrow();
        List<Track> tracks = new ArrayList<>();
        List<AssetWarning> warnings = new ArrayList<>();
        String fallbackLanguage = Languages.normalize(asset.getMetadata().get("language") instanceof String s ? s : null);
        String stem = stem(asset.getSource().name());
        for (CaptionFiles.Kept kept : CaptionFiles.kept(folders.captions(id))) {
            String language = CaptionFiles.UNDETERMINED.equals(kept.language()) ? fallbackLanguage : Languages.normalize(kept.language());
            String shownName = stem + (CaptionFiles.UNDETERMINED.equals(kept.language()) && !kept.sdh() ? "" : "." + kept.language())
                    + (kept.sdh() ? ".sdh" : "") + "." + kept.format();
            try {
                tracks.add(new Track(language, "sidecar", kept.sdh(), CaptionParser.parse(read(kept.file()),
                        "srt".equals(kept.format()) ? CaptionParser.Format.SRT : CaptionParser.Format.VTT)));
            } catch (InvalidCaption e) {
                warnings.add(new AssetWarning(AssetWarning.CAPTION_INVALID,
                        "The caption file " + shownName + " was not published: " + e.getMessage()));
            }
        }
        for (SubtitleInfo t : asset.getProbe().textSubtitles()) {
            Path vtt = ExtractionCommand.output(files.embeddedCaptions(id), t);
            String shownName = "subtitle track " + (t.index() + 1) + " (" + t.codec() + ") of the upload";
            if (!Files.isRegularFile(vtt, LinkOption.NOFOLLOW_LINKS) || Files.size(vtt) == 0) {
                warnings.add(new AssetWarning(AssetWarning.CAPTION_NOT_EXTRACTED, "The " + shownName + " could not be read."));
                continue;
            }
            try {
                tracks.add(new Track(Languages.normalize(t.language()), "embedded", false,
                        CaptionParser.parse(read(vtt), CaptionParser.Format.VTT)));
            } catch (InvalidCaption e) {
                warnings.add(new AssetWarning(AssetWarning.CAPTION_NOT_EXTRACTED, "The " + shownName + " was not published: " + e.getMessage()));
            }
        }
        List<Caption> captions = tracks.isEmpty() ? null : write(id, tracks);
        if (!warnings.isEmpty()) {
            LOG.warn("Asset {}: {}", id, String.join(" ", warnings.stream().map(AssetWarning::message).toList()));
        }
        store.update(id, a -> {
            a.setOutputs(Outputs.orNone(a.getOutputs()).withCaptions(captions));
            for (AssetWarning w : warnings) {
                a.setWarnings(AssetWarning.append(a.getWarnings(), w));
            }
        });
    }

    record Track(String language, String origin, boolean sdh, List<Cue> cues) {
    }

    private List<Caption> write(String id, List<Track> tracks) throws IOException {
        Path published = files.published(id);
        Path master = published.resolve("master.m3u8");
        String masterText = Files.readString(master, StandardCharsets.UTF_8);
        long mpegts = timelineStart(id, published, masterText);
        double duration = store.find(id).orElseThrow().getProbe().durationSeconds();
        Path root = published.resolve(OutputFolders.CAPTIONS);
        DataFolders.deleteTree(root);
        Set<String> folderNames = new HashSet<>();
        Set<String> names = new HashSet<>();
        List<Caption> captions = new ArrayList<>();
        List<SubtitleTrack> entries = new ArrayList<>();
        for (Track t : tracks) {
            String folder = unique(t.sdh() ? t.language() + "-sdh" : t.language(), folderNames, "-");
            String name = unique(Languages.displayName(t.language()) + (t.sdh() ? " (SDH)" : ""), names, " ");
            Path dir = root.resolve(folder);
            Files.createDirectories(dir);
            long end = Math.max((long) Math.ceil(duration * 1000), t.cues().get(t.cues().size() - 1).endMillis());
            Files.writeString(dir.resolve("captions.vtt"), WebVtt.write(t.cues(), mpegts), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("index.m3u8"), SubtitlePlaylist.of("captions.vtt", end / 1000.0), StandardCharsets.UTF_8);
            String base = OutputFolders.CAPTIONS + "/" + folder + "/";
            captions.add(new Caption(t.language(), name, t.origin(), base + "index.m3u8", base + "captions.vtt", t.cues().size(),
                    t.sdh()));
            entries.add(new SubtitleTrack(name, t.language(), base + "index.m3u8", false, t.sdh()));
        }
        Files.writeString(master, MasterPlaylistEdits.withSubtitles(masterText, GROUP, entries), StandardCharsets.UTF_8);
        return captions;
    }

    /** Where the ladder's timeline starts in the MPEG-TS clock: the first picture (or sound) of the first segment. */
    private long timelineStart(String id, Path published, String master) {
        try {
            String playlist = MasterPlaylist.renditions(master).get(0).playlist();
            return TransportStream.firstPts(segments.firstSegmentHead(id, published.resolve(playlist), 512 * 1024))
                    .orElse(DEFAULT_MPEGTS_START);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not read where the segments of asset {} start; captions assume {}: {}", id, DEFAULT_MPEGTS_START, e.toString());
            return DEFAULT_MPEGTS_START;
        }
    }

    private static byte[] read(Path file) throws IOException, InvalidCaption {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidCaption("it is not a regular file (links and folders are not read).");
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new InvalidCaption("it is larger than " + (MAX_BYTES >> 20) + " MiB.");
            }
            return bytes;
        }
    }

    private static String unique(String wanted, Set<String> taken, String separator) {
        String name = wanted;
        for (int n = 2; !taken.add(name); n++) {
            name = wanted + separator + n;
        }
        return name;
    }

    private static String stem(String sourceName) {
        String base = sourceName.substring(sourceName.replace('\\', '/').lastIndexOf('/') + 1);
        int dot = base.lastIndexOf('.');
        return dot > 0 ? base.substring(0, dot) : base;
    }
}
