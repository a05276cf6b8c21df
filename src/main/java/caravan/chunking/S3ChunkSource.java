package caravan.chunking;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.ffmpeg.UntrustedInput;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * On AWS: the worker that fetched the source reads its own copy; any other reads the object through a signed URL
 * (ffmpeg asks only for the ranges it needs: the index, then the chunk's part). A source from the ingest bucket is
 * read there, the very version that was checked; an imported one (fetched from elsewhere) is shared once, by the
 * worker that dispatches the run, under the work prefix of the output bucket ({@link S3ChunkOutputs}).
 */
public final class S3ChunkSource implements ChunkSource {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String ingestBucket;
    private final String workBucket;
    private final DataFolders folders;
    private final UntrustedInput untrusted;
    private final Duration validFor;

    public S3ChunkSource(S3Client s3, S3Presigner presigner, String ingestBucket, String workBucket, DataFolders folders,
                         UntrustedInput untrusted, Duration validFor) {
        this.s3 = s3;
        this.presigner = presigner;
        this.ingestBucket = ingestBucket;
        this.workBucket = workBucket;
        this.folders = folders;
        this.untrusted = untrusted;
        this.validFor = validFor;
    }

    /** A source not in the ingest bucket is put where the other workers can read it. */
    @Override
    public void share(Asset asset) throws IOException {
        if (asset.getSourceObject() != null) {
            return;
        }
        String key = S3ChunkOutputs.sourceKey(asset.getId());
        try {
            s3.headObject(b -> b.bucket(workBucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.putObject(b -> b.bucket(workBucket).key(key), folders.source(asset.getId()));
        }
    }

    @Override
    public Input open(Asset asset) throws IOException {
        Path local = folders.source(asset.getId());
        if (Files.isRegularFile(local)) {
            return new Input(untrusted.options(), UntrustedInput.path(local), UntrustedInput.path(local));
        }
        String bucket = asset.getSourceObject() != null ? ingestBucket : workBucket;
        String key = asset.getSourceObject() != null ? asset.getSource().name() : S3ChunkOutputs.sourceKey(asset.getId());
        String version = asset.getSourceObject() != null ? asset.getSourceObject().versionId() : null;
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
