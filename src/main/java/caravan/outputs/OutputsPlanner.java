package caravan.outputs;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.ProbeSummary;
import caravan.quality.ComparisonGraph;
import caravan.quality.QualitySettings;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlan.PlannedRung;
import caravan.transcode.FrameCapture;
import caravan.transcode.FrameCapturePlanner;
import caravan.transcode.SideOutputPlanner;
import caravan.transcode.SideOutputs;
import caravan.transcode.SideOutputs.Branch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pictures the transcode pass writes besides the ladder, from the picture it already decodes: a dozen poster
 * candidates spread over the video at the top rung's size, a thumbnail every N seconds, a small storyboard tile every
 * M seconds, and, for audio-only uploads, a waveform. Plus the comparison graph that measures each rung's quality.
 * Each is a few frames per minute of video, so the pass costs about the same as before.
 */
public final class OutputsPlanner implements SideOutputPlanner, FrameCapturePlanner {
    static final int POSTER_CANDIDATES = 12;
    static final int THUMBNAIL_BOX = 320;
    static final int TILE_BOX = 160;
    static final String WAVEFORM = "showwavespic=s=1280x720:split_channels=0:scale=sqrt:draw=full:colors=0x60a5fa";

    private final OutputFolders files;
    private final OutputSettings settings;
    private final QualitySettings quality;

    public OutputsPlanner(OutputFolders files, OutputSettings settings, QualitySettings quality) {
        this.files = files;
        this.settings = settings;
        this.quality = quality;
    }

    @Override
    public SideOutputs plan(String assetId, LadderPlan plan, ProbeSummary probe) throws IOException {
        for (Path dir : assetFolders(assetId)) {
            DataFolders.deleteTree(dir);
            Files.createDirectories(dir);
        }
        if (!plan.video()) {
            return new SideOutputs(List.of(), new Branch(WAVEFORM, List.of("-frames:v", "1", "-update", "1", "-c:v", "png",
                    "-f", "image2", file(files.waveform(assetId)))), null);
        }
        return pictures(plan, probe, files.posterCandidates(assetId), files.published(assetId).resolve(OutputFolders.THUMBNAILS),
                files.storyboardTiles(assetId), OutputFolders.QUALITY);
    }

    /** The poster candidates', thumbnails', tiles' and quality statistics' folders of the asset, in that order. */
    private List<Path> assetFolders(String assetId) {
        return List.of(files.posterCandidates(assetId), files.published(assetId).resolve(OutputFolders.THUMBNAILS),
                files.storyboardTiles(assetId), files.qualityStats(assetId));
    }

    /** The same four folders in a chunk's folder. */
    private static List<Path> chunkFolders(Path chunkDir) {
        return CHUNK_FOLDERS.stream().map(chunkDir::resolve).toList();
    }

    private static final List<String> CHUNK_FOLDERS = List.of("poster-candidates", OutputFolders.THUMBNAILS, "storyboard-tiles",
            OutputFolders.QUALITY);
    private static final List<String> PATTERNS = List.of("candidate_%02d.jpg", "thumb_%05d.jpg", "tile_%05d.jpg");

    /**
     * A video chunk's side outputs, into the chunk's own folders: the pictures of its frames (each picture is the first
     * frame of its interval, decided by that frame alone, so every picture of the whole video is in exactly one
     * chunk) and its frames' quality statistics ({@code statsFolder}, relative to the pass's working folder).
     */
    @Override
    public SideOutputs planChunk(String assetId, LadderPlan plan, ProbeSummary probe, Path chunkDir, String statsFolder)
            throws IOException {
        for (Path dir : chunkFolders(chunkDir)) {
            DataFolders.deleteTree(dir);
            Files.createDirectories(dir);
        }
        List<Path> dirs = chunkFolders(chunkDir);
        return pictures(plan, probe, dirs.get(0), dirs.get(1), dirs.get(2), statsFolder);
    }

    /**
     * The chunks' side outputs as the single pass writes them: pictures numbered on from chunk to chunk (a chunk's own
     * first frame dropped where it is not the first of its interval, see {@link #every}), statistics one after
     * another, in the asset's folders (emptied first). {@code starts}: each chunk's start in seconds.
     */
    @Override
    public void mergeChunks(String assetId, LadderPlan plan, ProbeSummary probe, List<Path> chunkDirs, List<Double> starts)
            throws IOException {
        List<Path> targets = assetFolders(assetId);
        for (Path dir : targets) {
            DataFolders.deleteTree(dir);
            Files.createDirectories(dir);
        }
        double duration = Math.max(probe.durationSeconds(), 0.1);
        List<Double> intervals = List.of(duration / POSTER_CANDIDATES, (double) settings.thumbnailSeconds(),
                (double) settings.storyboardSeconds());
        for (int k = 0; k < PATTERNS.size(); k++) {
            int n = 0;
            for (int c = 0; c < chunkDirs.size(); c++) {
                List<Path> pictures = Thumbnails.list(chunkFolders(chunkDirs.get(c)).get(k), "*.jpg");
                for (int i = 0; i < pictures.size(); i++) {
                    if (i == 0 && c > 0 && !firstOfInterval(starts.get(c), plan.frameRate(), intervals.get(k))) {
                        continue;
                    }
                    Files.move(pictures.get(i), targets.get(k).resolve(String.format(Locale.ROOT, PATTERNS.get(k), ++n)));
                }
            }
        }
        for (Path chunk : chunkDirs) {
            Path stats = chunkFolders(chunk).get(3);
            if (!Files.isDirectory(stats)) {
                continue;
            }
            try (var logs = Files.list(stats)) {
                for (Path log : logs.sorted().toList()) {
                    Files.write(targets.get(3).resolve(log.getFileName().toString()), Files.readAllBytes(log),
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                }
            }
        }
    }

    private SideOutputs pictures(LadderPlan plan, ProbeSummary probe, Path posters, Path thumbnails, Path tiles, String statsFolder) {
        PlannedRung top = plan.rungs().get(0);
        double duration = Math.max(probe.durationSeconds(), 0.1);
        List<Branch> pictures = new ArrayList<>();
        pictures.add(new Branch(every(duration / POSTER_CANDIDATES) + scale(top.width(), top.height()),
                jpeg(3, posters.resolve("candidate_%02d.jpg"))));
        if (settings.thumbnailSeconds() > 0) {
            int[] size = fit(top.width(), top.height(), THUMBNAIL_BOX);
            pictures.add(new Branch(every(settings.thumbnailSeconds()) + scale(size[0], size[1]),
                    jpeg(4, thumbnails.resolve("thumb_%05d.jpg"))));
        }
        if (settings.storyboardSeconds() > 0) {
            int[] size = fit(top.width(), top.height(), TILE_BOX);
            pictures.add(new Branch(every(settings.storyboardSeconds()) + scale(size[0], size[1]),
                    jpeg(3, tiles.resolve("tile_%05d.jpg"))));
        }
        String comparison = quality.measured() ? ComparisonGraph.of(plan, quality.sampleEvery(), statsFolder) : null;
        return new SideOutputs(pictures, null, comparison);
    }

    /**
     * The same pictures as {@link #plan} takes, as MediaConvert frame captures: the poster candidates at the top rung's
     * size, a thumbnail every N seconds and a storyboard tile every M seconds, each from 0 s. An audio-only upload
     * has none (its waveform poster is the ffmpeg engine's).
     */
    @Override
    public List<FrameCapture> captures(LadderPlan plan, ProbeSummary probe) {
        if (!plan.video()) {
            return List.of();
        }
        PlannedRung top = plan.rungs().get(0);
        double duration = Math.max(probe.durationSeconds(), 0.1);
        List<FrameCapture> captures = new ArrayList<>();
        FrameCapture poster = FrameCapture.every(FrameCapture.POSTER, top.width(), top.height(), duration / POSTER_CANDIDATES, duration);
        captures.add(new FrameCapture(poster.name(), poster.width(), poster.height(), poster.fpsNumerator(), poster.fpsDenominator(),
                Math.min(poster.maxCaptures(), POSTER_CANDIDATES)));
        if (settings.thumbnailSeconds() > 0) {
            int[] size = fit(top.width(), top.height(), THUMBNAIL_BOX);
            captures.add(FrameCapture.every(FrameCapture.THUMBNAIL, size[0], size[1], settings.thumbnailSeconds(), duration));
        }
        if (settings.storyboardSeconds() > 0) {
            int[] size = fit(top.width(), top.height(), TILE_BOX);
            captures.add(FrameCapture.every(FrameCapture.TILE, size[0], size[1], settings.storyboardSeconds(), duration));
        }
        return captures;
    }

    /**
     * The first frame of every N seconds: picture k stands for [kN, (k+1)N). Exactly one per interval that has
     * frames (the picture has a constant frame rate here), with no drift, and the last interval is not lost at the
     * end as with the {@code fps} filter. Whether a frame is picked depends only on its own time and the time of the
     * frame before it, so a chunk of a split-and-stitch encode picks the single pass's frames of its part of the video,
     * plus its own first frame (it has no frame before it: an encoder given no frame fails), which
     * {@link #mergeChunks} keeps only if it is the first of its interval.
     */
    static String every(double seconds) {
        String n = interval(seconds);
        return "select='if(isnan(prev_t)\\,1\\,gte(floor(t/" + n + ")\\,floor(prev_t/" + n + ")+1))',";
    }

    private static String interval(double seconds) {
        return String.format(Locale.ROOT, "%.6f", seconds);
    }

    /**
     * Whether a chunk's first frame, the first at or after {@code start} on the constant-rate grid, is the first of its
     * interval of {@code seconds} (the frame before it, in the previous chunk, is in an earlier interval).
     */
    static boolean firstOfInterval(double start, double frameRate, double seconds) {
        double n = Double.parseDouble(interval(seconds));
        double t = Math.round(start * frameRate) / frameRate;
        return Math.floor(t / n) >= Math.floor((t - 1 / frameRate) / n) + 1;
    }

    /** Scaled, and full-range 4:2:0 as the JPEG encoder wants. */
    private static String scale(int w, int h) {
        return "scale=" + w + ":" + h + ":flags=bicubic,setsar=1,format=yuvj420p";
    }

    private static List<String> jpeg(int quality, Path pattern) {
        return List.of("-fps_mode", "passthrough", "-c:v", "mjpeg", "-q:v", String.valueOf(quality), "-f", "image2", file(pattern));
    }

    private static String file(Path path) {
        return "file:" + path.toAbsolutePath();
    }

    /** The largest even size with this aspect that fits a {@code box}×{@code box} square (never larger than w×h). */
    static int[] fit(int w, int h, int box) {
        double scale = Math.min(1.0, (double) box / Math.max(w, h));
        return new int[]{even(w * scale), even(h * scale)};
    }

    private static int even(double size) {
        return Math.max(2, (int) Math.round(size / 2) * 2);
    }
}
