package caravan.failure;

/**
 * Every reason an asset can fail, as shown in the API, the webhook and the error report; and
 * {@link #INTAKE_BLOCKED}, the one code an asset carries while it waits rather than fails.
 */
public enum ErrorCode {
    EMPTY_FILE,
    FILE_TOO_LARGE,
    UNREADABLE_MEDIA,
    UNDECODABLE_MEDIA,
    UNSUPPORTED_FORMAT,
    FORMAT_NOT_ALLOWED,
    PLAYLIST_NOT_MEDIA,
    NO_MEDIA_STREAMS,
    DURATION_LIMIT,
    PIXEL_LIMIT,
    SIDECAR_NOT_JSON,
    SIDECAR_INVALID,
    SIDECAR_TOO_LARGE,
    SOURCE_MISSING,
    TRANSCODE_FAILED,
    TRANSCODE_TIMEOUT,
    /** The transcode finished but wrote nothing a player can play (no variant, or a variant with no segment). */
    NO_PLAYABLE_LADDER,
    INTERNAL_ERROR,
    /** An import manifest's source is neither a local path nor {@code s3://bucket/key}. */
    SOURCE_UNSUPPORTED,
    /** An import manifest's external id is empty, too long (over 200 characters) or holds control characters. */
    EXTERNAL_ID_INVALID,
    /** An import manifest's line cannot be read at all (broken CSV quoting, not a JSON object, a wrong header). */
    MANIFEST_LINE_INVALID,
    /** An import manifest's line names the same source or external id as an earlier line. */
    DUPLICATE_LINE,
    /** Not a failure: the upload cannot be moved out of the inbox yet; the asset stays RECEIVED and is retried. */
    INTAKE_BLOCKED
}
