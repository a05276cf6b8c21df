package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.metadata.MetadataStage;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Late pairing in the ingest bucket: a {@code NAME.json} uploaded after {@code NAME.ext} was taken is fetched now,
 * and the caption objects beside the video are fetched again, so those uploaded during the transcode join the ones
 * taken with it ({@link S3CaptionObjects}).
 */
public final class S3LatePairing implements LatePairing {
    private static final Logger LOG = LoggerFactory.getLogger(S3LatePairing.class);

    private final S3Client s3;
    private final String bucket;
    private final DataFolders folders;
    private final AssetStore store;
    private final MetadataStage metadata;
    private final S3CaptionObjects captions;

    public S3LatePairing(S3Client s3, String bucket, DataFolders folders, AssetStore store, MetadataStage metadata) {
        this.s3 = s3;
        this.bucket = bucket;
        this.folders = folders;
        this.store = store;
        this.metadata = metadata;
        this.captions = new S3CaptionObjects(s3, bucket);
    }

    @Override
    public void pair(String assetId) throws IOException {
        Asset asset = store.find(assetId).orElseThrow();
        int paired = captions.fetchInto(asset.getSource().name(), folders.captions(assetId));
        if (paired > 0) {
            LOG.info("Paired {} caption file(s) beside the video", paired);
        }
        Path sidecar = folders.sidecar(assetId);
        if (Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            return; // one paired at intake is never replaced
        }
        String key = S3Intake.sidecarKey(asset.getSource().name());
        Path part = sidecar.resolveSibling("sidecar.json.part");
        Files.deleteIfExists(part);
        try {
            s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toFile(part));
        } catch (NoSuchKeyException none) {
            return;
        }
        Files.move(part, sidecar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Paired a sidecar uploaded after the video");
        metadata.apply(assetId);
    }
}
