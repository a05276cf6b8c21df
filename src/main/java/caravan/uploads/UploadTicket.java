package caravan.uploads;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** Where to put the file: the answer to {@code POST /api/uploads} (and to completing a multipart upload). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "UploadTicket", description = "Where to send the file's bytes, and until when")
public record UploadTicket(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The upload's id (unguessable)")
        String id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"tus", "s3-put", "s3-multipart"},
                description = "tus: a tus 1.0.0 upload at url (HEAD, PATCH, DELETE, same bearer token); s3-put: PUT the whole file to url;"
                        + " s3-multipart: PUT each part to its url, then POST the ETags to complete")
        String protocol,
        @Schema(description = "tus: the upload's URL (path); s3-put: the presigned PUT URL")
        String url,
        @Schema(description = "s3-multipart: the parts, each of partSize bytes but the last")
        List<Part> parts,
        @Schema(description = "s3-multipart: the size of every part but the last")
        Long partSize,
        @Schema(description = "s3-multipart: where to POST the parts' ETags when all are sent")
        String completeUrl,
        @Schema(description = "s3: the object's key in the ingest bucket")
        String key,
        @Schema(description = "The caller's own id for the upload, as the asset and its events will carry it")
        String externalId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The file's size in bytes")
        long size,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "When the URLs (or an unfinished local upload) expire, ISO 8601")
        String expiresAt,
        @Schema(description = "After completing: the upload is on its way into the pipeline")
        Boolean complete) {

    @Schema(name = "UploadPart")
    public record Part(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "1 to 10,000") int partNumber,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "The presigned PUT URL of this part") String url) {
    }
}
