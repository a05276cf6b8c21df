package caravan.uploads;

import caravan.Settings;

/**
 * Uploads through the API ({@code POST /api/uploads}).
 *
 * @param maxFileBytes            the largest upload accepted ({@code caravan.limits.maxFileBytes}, the probe's limit too)
 * @param sidecarMaxBytes         the largest metadata accepted, as its sidecar ({@code caravan.sidecar.maxBytes})
 * @param expirySeconds           a local partial upload is deleted this long after it was created
 * @param presignSeconds          how long presigned S3 URLs stay valid
 * @param multipartThresholdBytes above this size an S3 upload is multipart
 * @param partBytes               the smallest part of a multipart upload (grown to stay within S3's 10,000 parts)
 */
public record UploadSettings(long maxFileBytes, long sidecarMaxBytes, long expirySeconds, long presignSeconds,
                             long multipartThresholdBytes, long partBytes) {
    /** S3's smallest part (but the last). */
    static final long MIN_PART_BYTES = 5L << 20;

    public static UploadSettings from(Settings s) {
        return new UploadSettings(s.wholeAtLeast("caravan.limits.maxFileBytes", 1), s.wholeAtLeast("caravan.sidecar.maxBytes", 1),
                s.wholeAtLeast("caravan.uploads.expirySeconds", 1), s.wholeBetween("caravan.uploads.presignSeconds", 1, 604800),
                s.wholeAtLeast("caravan.uploads.multipartThresholdBytes", MIN_PART_BYTES),
                s.wholeBetween("caravan.uploads.partBytes", MIN_PART_BYTES, 5L << 30));
    }
}
