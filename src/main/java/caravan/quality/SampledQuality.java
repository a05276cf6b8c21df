package caravan.quality;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.Asset;
import caravan.asset.Rendition;
import caravan.ffmpeg.FfmpegTools;
import caravan.ffmpeg.ServerPaths;
import caravan.ffmpeg.UntrustedInput;
import caravan.publish.MasterPlaylist;
import caravan.store.AssetStore;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlanner;
import caravan.transcode.SampleWindows;
import caravan.transcode.SegmentDecryption;
import caravan.transcode.SegmentTimeline;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Measured quality for a ladder encoded elsewhere (MediaConvert reports none): a few short windows of each rung
 * ({@link SampleWindows}), read in clear from just the segments that cover them, against the same windows of the
 * source, in one ffmpeg process ({@link SampleGraph}); then, as for the ffmpeg engine ({@link QualityStage}), SSIM and
 * PSNR per rendition, the average and peak bit rates from the published segments' sizes, and BANDWIDTH raised to the
 * measured peak. A measurement that fails leaves the rendition without SSIM and PSNR; the bit rates are still honest.
 */
public final class SampledQuality {
    private static final Logger LOG = LoggerFactory.getLogger(SampledQuality.class);
    /** The source is opened this long before each window: a demuxer's seek may land late (MPEG-TS), never this late. */
    static final double SEEK_MARGIN_SECONDS = 5;

    private final DataFolders folders;
    private final OutputFolders files;
    private final AssetStore store;
    private final FfmpegTools tools;
    private final UntrustedInput input;
    private final SegmentDecryption segments;
    private final Ladder ladder;
    private final QualitySettings settings;
    private final QualityStage stage;
    private final Function<String, Map<String, Long>> publishedSizes;
    private final long timeoutMillis;

    /** {@code publishedSizes}: the size of every published file of an asset, by its name beside the master. */
    public SampledQuality(DataFolders folders, AssetStore store, FfmpegTools tools, UntrustedInput input, SegmentDecryption segments,
                          Ladder ladder, QualitySettings settings, QualityStage stage,
                          Function<String, Map<String, Long>> publishedSizes, long timeoutMillis) {
        this.folders = folders;
        this.files = new OutputFolders(folders);
        this.store = store;
        this.tools = tools;
        this.input = input;
        this.segments = segments;
        this.ladder = ladder;
        this.settings = settings;
        this.stage = stage;
        this.publishedSizes = publishedSizes;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Measured when quality is measured at all ({@code caravan.quality.sampleEvery} above 0), there is a picture, and
     * every rendition has segments to sample.
     */
    public boolean wanted(@Header(ASSET_ID) String id) throws IOException {
        if (!settings.measured()) {
            return false;
        }
        Path published = files.published(id);
        List<Rendition> renditions = MasterPlaylist.renditions(Files.readString(published.resolve("master.m3u8"), StandardCharsets.UTF_8));
        if (renditions.stream().allMatch(r -> r.width() == 0)) {
            return false; // sound only (read from the master: no store read per job)
        }
        for (Rendition r : renditions) {
            if (SegmentTimeline.of(Files.readString(published.resolve(r.playlist()), StandardCharsets.UTF_8)).uris().isEmpty()) {
                LOG.warn("Asset {}: rendition {} has no segments; its quality is not sampled", id, r.name());
                return false;
            }
        }
        return true;
    }

    public void prepare(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Asset asset = store.find(id).orElseThrow();
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        SampleWindows windows = SampleWindows.across(asset.getProbe().durationSeconds());
        Path published = files.published(id);
        Path stats = files.qualityStats(id);
        DataFolders.deleteTree(stats);
        Files.createDirectories(stats);
        List<Rendition> renditions = MasterPlaylist.renditions(Files.readString(published.resolve("master.m3u8"), StandardCharsets.UTF_8));
        List<String> args = new ArrayList<>(List.of("-nostdin", "-hide_banner", "-nostats", "-loglevel", "error", "-y"));
        List<Double> sourceOffsets = new ArrayList<>();
        for (double start : windows.starts()) {
            double opened = Math.max(0, start - SEEK_MARGIN_SECONDS);
            sourceOffsets.add(start - opened);
            args.addAll(input.options());
            args.addAll(List.of("-ss", seconds(opened), "-t", seconds(start - opened + windows.seconds() + 1), "-i",
                    UntrustedInput.path(folders.source(id))));
        }
        List<List<Double>> rungOffsets = new ArrayList<>();
        for (int i = 0; i < plan.rungs().size(); i++) {
            String name = plan.rungs().get(i).name();
            Rendition r = renditions.stream().filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IOException("The master has no rendition " + name));
            Path playlist = published.resolve(r.playlist());
            SegmentTimeline timeline = SegmentTimeline.of(Files.readString(playlist, StandardCharsets.UTF_8));
            List<Double> offsets = new ArrayList<>();
            rungOffsets.add(offsets);
            for (int w = 0; w < windows.starts().size(); w++) {
                SegmentTimeline.Cover cover = timeline.cover(windows.starts().get(w), windows.seconds());
                Path clear = stats.resolve(String.format(Locale.ROOT, "window-%d-%d.ts", i, w));
                try (OutputStream out = Files.newOutputStream(clear)) {
                    segments.copyClear(id, playlist, cover.from(), cover.to(), out);
                }
                offsets.add(cover.offset());
                args.addAll(List.of("-protocol_whitelist", "file", "-format_whitelist", "mpegts", "-f", "mpegts",
                        "-i", UntrustedInput.path(clear)));
            }
        }
        args.addAll(List.of("-filter_complex", SampleGraph.of(plan, sourceOffsets, rungOffsets, windows.seconds(), OutputFolders.QUALITY)));
        for (int i = 0; i < plan.rungs().size(); i++) {
            args.addAll(List.of("-map", "[q" + i + "]", "-f", "null", "-"));
        }
        FfmpegTools.prepareExec(exchange.getIn(), tools.ffmpeg(), args, timeoutMillis);
        exchange.getIn().setHeader(ExecBinding.EXEC_COMMAND_WORKING_DIR, folders.workDir(id).toString());
    }

    /** A failed measurement is logged; its statistics are dropped, so no rendition shows half a measurement. */
    public void finish(Exchange exchange) throws IOException {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        ExecResult result = exchange.getIn().getBody(ExecResult.class);
        if (result.getExitValue() != 0) {
            String stderr = FfmpegTools.errorOutput(result);
            LOG.warn("Sampling the quality of asset {} ended with {}: {}", id, result.getExitValue(),
                    new ServerPaths(folders.root()).redact(stderr.strip()));
            DataFolders.deleteTree(files.qualityStats(id));
        }
    }

    /** SSIM and PSNR from the sample (if any), bit rates from the published segments' sizes, BANDWIDTH the measured peak. */
    public void record(@Header(ASSET_ID) String id) throws IOException {
        Map<String, Long> sizes = publishedSizes.apply(id);
        stage.record(id, playlist -> uri -> Optional.ofNullable(sizes.get(uri))
                .orElseThrow(() -> new IOException("No published segment " + uri + " of " + playlist)));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
