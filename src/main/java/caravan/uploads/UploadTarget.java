package caravan.uploads;

import java.util.Map;

/**
 * Where uploads go: locally a tus upload that lands in the inbox ({@link LocalUploads}), on AWS presigned PUTs into
 * the ingest bucket ({@link S3Uploads}).
 */
public interface UploadTarget {

    /** Somewhere to put the file; its sidecar (metadata, external id) is already written where the pipeline pairs it. */
    UploadTicket open(UploadRequest request);

    /** Completes a multipart upload with its parts' ETags (part number to ETag). */
    UploadTicket complete(String id, Map<Integer, String> etags);
}
