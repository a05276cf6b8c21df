package caravan.transcode;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.S3Transfers;
import caravan.asset.Asset;
import caravan.asset.AssetWarning;
import caravan.asset.Outputs;
import caravan.asset.Rendition;
import caravan.asset.SourceObject;
import caravan.publish.MasterPlaylist;
import caravan.publish.PublishTarget;
import caravan.store.AssetStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * What the worker needs of a completed MediaConvert job to make the outputs MediaConvert cannot make the way the
 * ffmpeg engine does, and the way back: {@link #fetch} brings the master playlist (without any SUBTITLES group, so that
 * a repeated finish starts from the same text), the media playlists, the few segments the captions' timestamp map
 * and the quality sample read, the frame captures (renamed as the ffmpeg pass names its poster candidates,
 * thumbnails and storyboard tiles) and, if this worker does not have it, the source; {@link #publish} writes the
 * worker's outputs beside the ladder, the master last, and removes the captures.
 */
public final class MediaConvertOutputs {
    private static final Logger LOG = LoggerFactory.getLogger(MediaConvertOutputs.class);
    private static final Pattern CAPTURE = Pattern.compile("frame_([a-z]+)\\.(\\d{1,9})\\.jpg");
    /** What the worker publishes beside MediaConvert's ladder; everything else in its folder came from the bucket. */
    private static final Set<String> WORKER_FILES = Set.of("master.m3u8", OutputFolders.POSTER, OutputFolders.POSTER_SMALL);

    private final S3Client s3;
    private final S3Transfers transfers;
    private final String ingestBucket;
    private final String outputBucket;
    private final DataFolders folders;
    private final OutputFolders files;
    private final AssetStore store;
    private final PublishTarget target;
    private final Ladder ladder;
    private final String downloadRung;

    public MediaConvertOutputs(S3Client s3, S3Transfers transfers, String ingestBucket, String outputBucket, DataFolders folders,
                               AssetStore store, PublishTarget target, Ladder ladder, String downloadRung) {
        this.ladder = ladder;
        this.s3 = s3;
        this.transfers = transfers;
        this.ingestBucket = ingestBucket;
        this.outputBucket = outputBucket;
        this.folders = folders;
        this.files = new OutputFolders(folders);
        this.store = store;
        this.target = target;
        this.downloadRung = downloadRung;
    }

    public void fetch(@Header(ASSET_ID) String id) throws IOException {
        Asset asset = store.find(id).orElseThrow();
        fetchSource(asset);
        Path hls = files.published(id);
        for (Path dir : List.of(hls, files.posterCandidates(id), files.storyboardTiles(id), files.qualityStats(id))) {
            DataFolders.deleteTree(dir);
            Files.createDirectories(dir);
        }
        String master = MediaConvertMaster.withoutSubtitles(text(media(id, "master.m3u8")));
        Files.writeString(hls.resolve("master.m3u8"), master, StandardCharsets.UTF_8);
        List<Rendition> renditions = MasterPlaylist.renditions(master);
        SampleWindows windows = SampleWindows.across(asset.getProbe().durationSeconds());
        for (int i = 0; i < renditions.size(); i++) {
            String name = plainName(renditions.get(i).playlist());
            String playlist = text(media(id, name));
            Files.writeString(hls.resolve(name), playlist, StandardCharsets.UTF_8);
            SegmentTimeline timeline = SegmentTimeline.of(playlist);
            if (timeline.uris().isEmpty()) {
                continue;
            }
            if (i == 0) {
                download(outputBucket, media(id, plainName(timeline.uris().get(0))), hls);
            }
            if (renditions.get(i).width() > 0) {
                for (double start : windows.starts()) {
                    SegmentTimeline.Cover cover = timeline.cover(start, windows.seconds());
                    for (int s = cover.from(); s <= cover.to(); s++) {
                        download(outputBucket, media(id, plainName(timeline.uris().get(s))), hls);
                    }
                }
            }
        }
        int captures = fetchCaptures(id);
        LOG.info("Asset {}: fetched MediaConvert's playlists, {} frame captures and the sampled segments", id, captures);
    }

    /**
     * Records the MP4 download MediaConvert wrote beside the master, as the ffmpeg engine records its own; one that is
     * missing is a warning, as there.
     */
    public void recordDownload(@Header(ASSET_ID) String id) {
        if (downloadRung == null) {
            return;
        }
        Asset asset = store.find(id).orElseThrow();
        LadderPlan plan = LadderPlanner.plan(asset, ladder);
        String name = MediaConvertJobRequest.DOWNLOAD + (plan.video() ? ".mp4" : ".m4a");
        String rendition = plan.video() ? DownloadRung.choose(plan, downloadRung).map(LadderPlan.PlannedRung::name).orElse(downloadRung) : "audio";
        Optional<Long> size = size(media(id, name));
        if (size.isEmpty() || size.get() == 0) {
            store.update(id, a -> a.setWarnings(AssetWarning.append(a.getWarnings(), new AssetWarning(AssetWarning.DOWNLOAD_FAILED,
                    "The MP4 download of " + rendition + " could not be made; the stream plays as usual."))));
            return;
        }
        Outputs.Download download = new Outputs.Download(name, rendition, size.get());
        store.update(id, a -> a.setOutputs(Outputs.orNone(a.getOutputs()).withDownload(download)));
    }

    /** The size of every object under the asset's published folder, by its name there (for the measured bit rates). */
    public Map<String, Long> publishedSizes(String id) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        String prefix = "media/" + id + "/";
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(outputBucket).prefix(prefix)).contents()) {
            sizes.put(o.key().substring(prefix.length()), o.size());
        }
        return sizes;
    }

    /**
     * Publishes what the worker made (poster, thumbnails, storyboard, captions, and the master playlist with its
     * SUBTITLES group and measured BANDWIDTH, written last), then removes the frame captures.
     */
    public void publish(@Header(ASSET_ID) String id) throws IOException {
        Path hls = files.published(id);
        try (DirectoryStream<Path> top = Files.newDirectoryStream(hls)) {
            for (Path p : top) {
                if (Files.isRegularFile(p) && !WORKER_FILES.contains(p.getFileName().toString())) {
                    Files.delete(p); // MediaConvert's own playlists and segments, fetched only to be read
                }
            }
        }
        target.publish(id, hls);
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(outputBucket).prefix(captures(id))).contents()) {
            s3.deleteObject(b -> b.bucket(outputBucket).key(o.key()));
        }
    }

    private int fetchCaptures(String id) throws IOException {
        int count = 0;
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(outputBucket).prefix(captures(id))).contents()) {
            Matcher m = CAPTURE.matcher(o.key().substring(captures(id).length()));
            if (!m.matches()) {
                continue;
            }
            int n = Integer.parseInt(m.group(2));
            Path to = switch (m.group(1)) {
                case FrameCapture.POSTER -> files.posterCandidates(id).resolve(String.format(Locale.ROOT, "candidate_%02d.jpg", n + 1));
                case FrameCapture.THUMBNAIL -> files.published(id).resolve(OutputFolders.THUMBNAILS)
                        .resolve(String.format(Locale.ROOT, "thumb_%05d.jpg", n + 1));
                case FrameCapture.TILE -> files.storyboardTiles(id).resolve(String.format(Locale.ROOT, "tile_%05d.jpg", n + 1));
                default -> null;
            };
            if (to != null) {
                Files.createDirectories(to.getParent());
                s3.getObject(b -> b.bucket(outputBucket).key(o.key()), ResponseTransformer.toFile(part(to)));
                Files.move(part(to), to, StandardCopyOption.REPLACE_EXISTING);
                count++;
            }
        }
        return count;
    }

    /** The finishing worker may not be the one that took the upload: the source comes down again, that very object. */
    private void fetchSource(Asset asset) throws IOException {
        Path source = folders.source(asset.getId());
        if (Files.exists(source)) {
            return;
        }
        Files.createDirectories(source.getParent());
        Path part = part(source);
        Files.deleteIfExists(part);
        SourceObject object = asset.getSourceObject();
        transfers.download(b -> {
            b.bucket(ingestBucket).key(asset.getSource().name());
            if (object != null && object.versioned()) {
                b.versionId(object.versionId());
            } else if (object != null && object.eTag() != null) {
                b.ifMatch(object.eTag());
            }
        }, part);
        Files.move(part, source, StandardCopyOption.ATOMIC_MOVE);
    }

    private void download(String bucket, String key, Path folder) throws IOException {
        Path to = folder.resolve(key.substring(key.lastIndexOf('/') + 1));
        if (!Files.exists(to)) {
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(part(to)));
            Files.move(part(to), to);
        }
    }

    private String text(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(outputBucket).key(key)).asUtf8String();
    }

    private Optional<Long> size(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(outputBucket).key(key)).contentLength());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String media(String id, String name) {
        return "media/" + id + "/" + name;
    }

    private static String captures(String id) {
        return MediaConvertJobRequest.CAPTURES + id + "/";
    }

    private static Path part(Path file) {
        return file.resolveSibling(file.getFileName() + ".part");
    }

    /** MediaConvert writes one folder of plain names; anything else in a playlist is refused, never followed. */
    private static String plainName(String uri) throws IOException {
        if (uri.isEmpty() || uri.contains("/") || uri.contains("\\") || uri.startsWith(".") || uri.contains(":")) {
            throw new IOException("Unexpected name in a MediaConvert playlist: " + uri);
        }
        return uri;
    }
}
