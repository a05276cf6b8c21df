package caravan.chunking;

import caravan.DataFolders;
import caravan.S3Transfers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * On AWS: each finished item's folder goes to {@code work/<asset>/<run>/<item>/} in the output bucket (encrypted with
 * the stack's key as every object there; outside {@code media/}, so never served); the stitching worker fetches every
 * item of its run. After publishing (or failing), or before a fresh run, the asset's work prefix is emptied; the
 * bucket's lifecycle removes what a lost worker left. A kept item is complete or absent: its files go first, and a
 * marker object last, and gathering refuses an item without its marker.
 */
public final class S3ChunkOutputs implements ChunkOutputs {
    private static final String DONE = ".done";

    private final S3Client s3;
    private final S3Transfers transfers;
    private final String bucket;
    private final String kmsKeyId;

    public S3ChunkOutputs(S3Client s3, S3Transfers transfers, String bucket, String kmsKeyId) {
        this.s3 = s3;
        this.transfers = transfers;
        this.bucket = bucket;
        this.kmsKeyId = kmsKeyId;
    }

    static String prefix(String assetId) {
        return "work/" + assetId + "/";
    }

    static String sourceKey(String assetId) {
        return prefix(assetId) + "source";
    }

    private static String itemPrefix(String assetId, int run, String item) {
        return prefix(assetId) + run + "/" + item + "/";
    }

    @Override
    public void keep(String assetId, int run, String item, Path itemDir) throws IOException {
        String prefix = itemPrefix(assetId, run, item);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(itemDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            String key = prefix + itemDir.relativize(f).toString().replace('\\', '/');
            transfers.upload(b -> encrypted(b.bucket(bucket).key(key)), f);
        }
        s3.putObject(b -> encrypted(b.bucket(bucket).key(prefix + DONE)), software.amazon.awssdk.core.sync.RequestBody.fromString(""));
        DataFolders.deleteTree(itemDir); // the worker's disk holds one item at a time
    }

    private software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder encrypted(
            software.amazon.awssdk.services.s3.model.PutObjectRequest.Builder b) {
        b.serverSideEncryption(software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS);
        return kmsKeyId == null || kmsKeyId.isBlank() ? b : b.ssekmsKeyId(kmsKeyId);
    }

    /** An imported source, shared once under the asset's work prefix (in parts, encrypted as every object here). */
    void shareSource(String assetId, Path file) throws IOException {
        String key = sourceKey(assetId);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            transfers.upload(b -> encrypted(b.bucket(bucket).key(key)), file);
        }
    }

    /** The shared source, where the keeper's or the extraction's worker needs it whole. */
    void fetchSource(String assetId, Path to) throws IOException {
        transfers.download(b -> b.bucket(bucket).key(sourceKey(assetId)), to);
    }

    @Override
    public void gather(String assetId, int run, List<String> items, Path chunksDir) throws IOException {
        for (String item : items) {
            String prefix = itemPrefix(assetId, run, item);
            List<S3Object> objects = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(objects::add);
            if (objects.stream().noneMatch(o -> o.key().equals(prefix + DONE))) {
                throw new IOException("work item " + item + " of asset " + assetId + " is not complete in the work bucket");
            }
            Path itemDir = chunksDir.resolve(item);
            DataFolders.deleteTree(itemDir);
            for (S3Object o : objects) {
                String relative = o.key().substring(prefix.length());
                if (relative.equals(DONE) || relative.isEmpty() || relative.contains("..")) {
                    continue;
                }
                Path file = itemDir.resolve(relative).normalize();
                if (!file.startsWith(itemDir)) {
                    continue;
                }
                Files.createDirectories(file.getParent());
                transfers.download(b -> b.bucket(bucket).key(o.key()), file);
            }
        }
    }

    @Override
    public void discard(String assetId) throws IOException {
        List<ObjectIdentifier> batch = new ArrayList<>();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix(assetId))).contents()) {
            batch.add(ObjectIdentifier.builder().key(o.key()).build());
            if (batch.size() == 1000) {
                delete(batch);
            }
        }
        delete(batch);
    }

    private void delete(List<ObjectIdentifier> batch) {
        if (!batch.isEmpty()) {
            List<ObjectIdentifier> keys = List.copyOf(batch);
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            batch.clear();
        }
    }
}
