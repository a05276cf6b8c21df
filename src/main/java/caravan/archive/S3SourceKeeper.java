package caravan.archive;

import caravan.DataFolders;
import caravan.asset.Asset;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.IOException;
import java.nio.file.Files;

/**
 * Sources in the ingest bucket. The object itself is never deleted. A failed upload is copied under a dead-letter
 * prefix of its own ({@code failed/<id>/<key>}) with {@code failed/<id>/<key>.error.json} beside it, so uploads of
 * the same key never replace each other's copy or report (assets kept before this layout, at {@code failed/<key>},
 * are still restored from there: the asset records where its copy is); a done one is tagged
 * {@code caravan-status=done} for a lifecycle rule to move or expire. The local work copy is removed either way.
 */
public final class S3SourceKeeper implements SourceKeeper {
    public static final String FAILED_PREFIX = "failed/";

    private final S3Client s3;
    private final String bucket;
    private final String kmsKeyId;
    private final DataFolders folders;

    public S3SourceKeeper(S3Client s3, String bucket, String kmsKeyId, DataFolders folders) {
        this.s3 = s3;
        this.bucket = bucket;
        this.kmsKeyId = kmsKeyId;
        this.folders = folders;
    }

    @Override
    public String failedLocation(Asset asset) {
        return "s3://" + bucket + "/" + failedKey(asset);
    }

    private static String failedKey(Asset asset) {
        return FAILED_PREFIX + asset.getId() + "/" + asset.getSource().name();
    }

    @Override
    public void keepFailed(Asset asset, byte[] report) throws IOException {
        String key = asset.getSource().name();
        String kept = failedKey(asset);
        if (exists(key)) {
            s3.copyObject(b -> {
                b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(kept)
                        .serverSideEncryption(ServerSideEncryption.AWS_KMS);
                if (kmsKeyId != null) {
                    b.ssekmsKeyId(kmsKeyId);
                }
            });
        }
        s3.putObject(b -> {
            b.bucket(bucket).key(kept + ".error.json").contentType("application/json").serverSideEncryption(ServerSideEncryption.AWS_KMS);
            if (kmsKeyId != null) {
                b.ssekmsKeyId(kmsKeyId);
            }
        }, RequestBody.fromBytes(report));
        DataFolders.deleteTree(folders.workDir(asset.getId()));
    }

    @Override
    public void archive(Asset asset) throws IOException {
        String key = asset.getSource().name();
        if (exists(key)) {
            s3.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(t -> t.tagSet(Tag.builder().key("caravan-status").value("done").build())));
        }
        DataFolders.deleteTree(folders.workDir(asset.getId()));
    }

    @Override
    public boolean restore(Asset asset) throws IOException {
        String prefix = "s3://" + bucket + "/";
        if (asset.getKeptAt() == null || !asset.getKeptAt().startsWith(prefix)) {
            return false;
        }
        String kept = asset.getKeptAt().substring(prefix.length());
        if (!exists(kept)) {
            return false;
        }
        Files.createDirectories(folders.workDir(asset.getId()));
        Files.deleteIfExists(folders.source(asset.getId()));
        s3.getObject(b -> b.bucket(bucket).key(kept), ResponseTransformer.toFile(folders.source(asset.getId())));
        s3.deleteObject(b -> b.bucket(bucket).key(kept + ".error.json"));
        return true;
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
