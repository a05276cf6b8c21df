package caravan.archive;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import caravan.S3Transfers;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.Tag;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Sources in the ingest bucket. The uploaded object itself is never deleted. A failed upload is kept under a
 * dead-letter prefix of its own, {@code failed/<id>/<key>}, with {@code <key>.error.json}, {@code <key>.sidecar.json}
 * and {@code <key>.captions/<name>} beside it, so uploads of the same key never replace each other's files, and a retry
 * gets back exactly that upload's source, sidecar and captions. What is kept is the object the asset was made from:
 * the worker's work copy (downloaded as exactly the checked version or ETag), or, when this worker has none, that
 * version copied inside the bucket. A done one has that version tagged {@code caravan-status=done} for a lifecycle
 * rule to move or expire; a later upload under the same key is left alone. The local work copy is removed either way.
 * <p>
 * Assets kept before this layout ({@code failed/<key>}, or {@code failed/<id>/<key>} without sidecar or captions) are
 * still restored from there: the asset records where its copy is.
 */
public final class S3SourceKeeper implements SourceKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(S3SourceKeeper.class);
    public static final String FAILED_PREFIX = "failed/";
    static final String REPORT = ".error.json";
    static final String SIDECAR = ".sidecar.json";
    static final String CAPTIONS = ".captions/";

    private final S3Client s3;
    private final S3Transfers transfers;
    private final String bucket;
    private final String kmsKeyId;
    private final DataFolders folders;

    /** Sources themselves (any size, over 5 GiB too) move through {@code transfers}, in parts; the small files beside them through {@code s3}. */
    public S3SourceKeeper(S3Client s3, S3Transfers transfers, String bucket, String kmsKeyId, DataFolders folders) {
        this.s3 = s3;
        this.transfers = transfers;
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
        String kept = failedKey(asset);
        put(kept + REPORT, RequestBody.fromBytes(report), "application/json"); // first: whatever a crash interrupts, the prefix says why
        keepSource(asset, kept);
        Path sidecar = folders.sidecar(asset.getId());
        if (Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            put(kept + SIDECAR, RequestBody.fromFile(sidecar), "application/json");
        }
        Path captions = folders.captions(asset.getId());
        if (Files.isDirectory(captions, LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(captions)) {
                for (Path caption : files) {
                    if (Files.isRegularFile(caption, LinkOption.NOFOLLOW_LINKS)) {
                        put(kept + CAPTIONS + caption.getFileName(), RequestBody.fromFile(caption), "text/plain");
                    }
                }
            }
        }
        DataFolders.deleteTree(folders.workDir(asset.getId()));
    }

    /**
     * The work copy when this worker has it; else a copy kept before (a crash after keeping, or a retry that failed
     * again elsewhere) stays; else the recorded object is copied inside the bucket: its version, or the current object
     * only if its ETag is still the recorded one. An asset from before objects were recorded gets the current object.
     */
    private void keepSource(Asset asset, String kept) throws IOException {
        Path work = folders.source(asset.getId());
        if (Files.isRegularFile(work, LinkOption.NOFOLLOW_LINKS)) {
            transfers.upload(b -> encrypted(b.bucket(bucket).key(kept)), work);
            return;
        }
        if (exists(kept)) {
            return;
        }
        String key = asset.getSource().name();
        SourceObject object = asset.getSourceObject();
        if ((object == null || !object.versioned()) && !isCurrent(key, object)) {
            LOG.warn("Asset {}: the object it was made from was replaced in the ingest bucket; nothing to keep", asset.getId());
            return;
        }
        try {
            transfers.copy(b -> {
                b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(kept)
                        .serverSideEncryption(ServerSideEncryption.AWS_KMS);
                if (object != null && object.versioned()) {
                    b.sourceVersionId(object.versionId());
                } else if (object != null && object.eTag() != null) {
                    b.copySourceIfMatch(object.eTag());
                }
                if (kmsKeyId != null) {
                    b.ssekmsKeyId(kmsKeyId);
                }
            });
        } catch (S3Exception e) {
            if (e.statusCode() != 404 && e.statusCode() != 412) {
                throw e;
            }
            LOG.warn("Asset {}: the object it was made from is no longer in the ingest bucket; nothing to keep", asset.getId());
        }
    }

    @Override
    public void archive(Asset asset) throws IOException {
        String key = asset.getSource().name();
        SourceObject object = asset.getSourceObject();
        String version = object != null && object.versioned() ? object.versionId() : null;
        if (version != null || isCurrent(key, object)) {
            try {
                s3.putObjectTagging(b -> b.bucket(bucket).key(key).versionId(version)
                        .tagging(t -> t.tagSet(Tag.builder().key("caravan-status").value("done").build())));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    throw e;
                }
            }
        }
        DataFolders.deleteTree(folders.workDir(asset.getId()));
    }

    /**
     * Without versions, the current object is this asset's only while its ETag is the recorded one (an asset from
     * before objects were recorded takes the current one). A copy also asks S3 for that ETag, closing the gap between.
     */
    private boolean isCurrent(String key, SourceObject object) {
        try {
            String eTag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
            return object == null || object.eTag() == null || object.eTag().equals(eTag);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean restore(Asset asset) throws IOException {
        String prefix = "s3://" + bucket + "/";
        if (asset.getKeptAt() == null || !asset.getKeptAt().startsWith(prefix)) {
            return false;
        }
        String kept = asset.getKeptAt().substring(prefix.length());
        // refused before download, the upload itself is what was kept: that version of it
        SourceObject object = kept.equals(asset.getSource().name()) ? asset.getSourceObject() : null;
        String version = object != null && object.versioned() ? object.versionId() : null;
        if (!exists(kept, version)) {
            return false;
        }
        String id = asset.getId();
        Files.createDirectories(folders.workDir(id));
        downloadSource(kept, version, folders.source(id));
        if (exists(kept + SIDECAR, null)) {
            download(kept + SIDECAR, null, folders.sidecar(id));
        }
        restoreCaptions(kept + CAPTIONS, folders.captions(id));
        s3.deleteObject(b -> b.bucket(bucket).key(kept + REPORT));
        return true;
    }

    /** Caption files kept under {@code prefix}: plain names only, so nothing in the bucket can point outside the folder. */
    private void restoreCaptions(String prefix, Path captions) throws IOException {
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
            String name = o.key().substring(prefix.length());
            if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals(".") || name.equals("..")) {
                continue;
            }
            Files.createDirectories(captions);
            download(o.key(), null, captions.resolve(name));
        }
    }

    /** A source, of any size: in parts where the endpoint serves them, through a part file moved into place. */
    private void downloadSource(String key, String version, Path to) throws IOException {
        Path part = to.resolveSibling(to.getFileName() + ".part");
        Files.deleteIfExists(part);
        transfers.download(b -> b.bucket(bucket).key(key).versionId(version), part);
        Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder encrypted(
            software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder b) {
        b.serverSideEncryption(ServerSideEncryption.AWS_KMS);
        return kmsKeyId == null ? b : b.ssekmsKeyId(kmsKeyId);
    }

    /** Into a part file first, then moved into place: a download cut short never looks like a whole file. */
    private void download(String key, String version, Path to) throws IOException {
        Path part = to.resolveSibling(to.getFileName() + ".part");
        Files.deleteIfExists(part);
        s3.getObject(b -> b.bucket(bucket).key(key).versionId(version), ResponseTransformer.toFile(part));
        Files.move(part, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void put(String key, RequestBody body, String contentType) {
        s3.putObject(b -> {
            b.bucket(bucket).key(key).contentType(contentType).serverSideEncryption(ServerSideEncryption.AWS_KMS);
            if (kmsKeyId != null) {
                b.ssekmsKeyId(kmsKeyId);
            }
        }, body);
    }

    private boolean exists(String key) {
        return exists(key, null);
    }

    private boolean exists(String key, String version) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key).versionId(version));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
