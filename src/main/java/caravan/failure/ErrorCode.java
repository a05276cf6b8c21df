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
    /** Not a failure: the upload cannot be moved out of the inbox yet; the asset stays RECEIVED and is retried. */
    INTAKE_BLOCKED
}
