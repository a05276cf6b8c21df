package caravan.asset;

/**
 * Which object in the ingest bucket an asset was made from: its S3 version, or (in a bucket without versioning) its
 * ETag. Another upload under the same key is another object; keeping and archiving act on this one only.
 */
public record SourceObject(String versionId, String eTag) {

    /** As S3 reports them; a bucket without versioning answers the version {@code "null"}, which names nothing. */
    public static SourceObject of(String versionId, String eTag) {
        boolean versioned = versionId != null && !versionId.isBlank() && !"null".equals(versionId);
        return new SourceObject(versioned ? versionId : null, eTag == null || eTag.isBlank() ? null : eTag);
    }

    public boolean versioned() {
        return versionId != null;
    }
}
