package caravan.ingest;

/** One uploaded object named by an S3 event: bucket, decoded key, size, ETag and version (if versioned). */
public record S3ObjectRef(String bucket, String key, long size, String eTag, String versionId) {
    /** What makes an upload the same upload: one asset per bucket/key and version (or ETag). */
    public String idempotencyKey() {
        return bucket + "/" + key + "#" + (versionId != null && !versionId.isBlank() ? versionId : eTag);
    }
}
