package caravan.chunking;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.ffmpeg.UntrustedInput;
import caravan.store.AssetStore;
import caravan.S3Transfers;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * On AWS: the worker that fetched the source reads its own copy; any other reads the object through a signed URL
 * (ffmpeg asks only for the ranges it needs: the index, then the chunk's part). A source from the ingest bucket is
 * read there, the very version that was checked; an imported one (fetched from elsewhere) is shared once, by the
 * worker that dispatches the run, under the work prefix of the output bucket ({@link S3ChunkOutputs}). The worker that
 * stitches fetches the whole file only when a whole-asset step reads it (embedded text subtitles).
 */
public final class S3ChunkSource implements ChunkSource {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3ChunkSource.class);
    private final S3Transfers transfers;
    private final S3Presigner presigner;
    private final S3ChunkOutputs workFiles;
    private final String ingestBucket;
    private final String workBucket;
    private final DataFolders folders;
    private final AssetStore store;
    private final UntrustedInput untrusted;
    private final Duration validFor;

    /** {@code workFiles}: where an imported source is shared, in the bucket named {@code workBucket}. */
    public S3ChunkSource(S3Transfers transfers, S3Presigner presigner, S3ChunkOutputs workFiles, String ingestBucket, String workBucket,
                         DataFolders folders, AssetStore store, UntrustedInput untrusted, Duration validFor) {
        this.transfers = transfers;
        this.presigner = presigner;
        this.workFiles = workFiles;
        this.ingestBucket = ingestBucket;
        this.workBucket = workBucket;
        this.folders = folders;
        this.store = store;
        this.untrusted = untrusted;
        this.validFor = validFor;
    }

    /** A source not in the ingest bucket is put where the other workers can read it. */
    @Override
    public void share(Asset asset) throws IOException {
        if (asset.getSourceObject() == null) {
            workFiles.shareSource(asset.getId(), folders.source(asset.getId()));
        }
    }

    /**
     * An upload's copy goes: its items read the checked version in the ingest bucket, and keeping or retrying the asset
     * fetches it from there again. An imported source stays (the shared copy expires with the work prefix).
     */
    @Override
    public void release(String assetId) throws IOException {
        Asset asset = store.find(assetId).orElseThrow();
        if (asset.getSourceObject() != null) {
            Files.deleteIfExists(folders.source(assetId));
        }
    }

    /** Embedded subtitles are extracted from the source after the stitch: fetched when this worker did not take the upload. */
    @Override
    public void fetchForOutputs(String assetId) throws IOException {
        Asset asset = store.find(assetId).orElseThrow();
        if (asset.getProbe() != null && !asset.getProbe().textSubtitles().isEmpty()) {
            fetch(asset);
        }
    }

    /** An import's source is in no bucket the keeper reads: its shared copy comes down to be kept with the failure. */
    @Override
    public void fetchToKeep(String assetId) {
        try {
            Asset asset = assetId == null ? null : store.find(assetId).orElse(null);
            if (asset != null && asset.getSourceObject() == null) {
                fetch(asset);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Asset {}: its shared source could not be fetched to keep with the failure: {}", assetId, e.getClass().getSimpleName());
        }
    }

    /** The source, whole, into this worker's work folder unless it is there: the checked version, or the shared copy. */
    private void fetch(Asset asset) throws IOException {
        Path local = folders.source(asset.getId());
        if (Files.isRegularFile(local)) {
            return;
        }
        Path part = local.resolveSibling("source.part");
        Files.createDirectories(local.getParent());
        Files.deleteIfExists(part);
        if (asset.getSourceObject() == null) {
            workFiles.fetchSource(asset.getId(), part);
        } else {
            transfers.download(b -> b.bucket(ingestBucket).key(asset.getSource().name()).versionId(version(asset)), part);
        }
        Files.move(part, local, StandardCopyOption.ATOMIC_MOVE);
    }

    private String bucket(Asset asset) {
        return asset.getSourceObject() != null ? ingestBucket : workBucket;
    }

    private static String key(Asset asset) {
        return asset.getSourceObject() != null ? asset.getSource().name() : S3ChunkOutputs.sourceKey(asset.getId());
    }

    private static String version(Asset asset) {
        return asset.getSourceObject() != null ? asset.getSourceObject().versionId() : null;
    }

    @Override
    public Input open(Asset asset) throws IOException {
        Path local = folders.source(asset.getId());
        if (Files.isRegularFile(local)) {
            return new Input(untrusted.options(), UntrustedInput.path(local), UntrustedInput.path(local));
        }
        String bucket = bucket(asset);
        String key = key(asset);
        String version = version(asset);
        URI url;
        try {
            url = presigner.presignGetObject(p -> p.signatureDuration(validFor)
                    .getObjectRequest(g -> g.bucket(bucket).key(key).versionId(version))).url().toURI();
        } catch (URISyntaxException e) {
            throw new IOException("the signed URL of asset " + asset.getId() + "'s source is not a URI", e);
        }
        return new Input(untrusted.urlOptions(url.getScheme()), url.toString(), "s3://" + bucket + "/(asset " + asset.getId() + "'s source)");
    }
}
