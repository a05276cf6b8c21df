package routes;

import caravan.uploads.UploadTicket;
import org.apache.camel.builder.endpoint.EndpointRouteBuilder;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.RestParamType;

import static routes.RestErrors.BEARER;
import static routes.RestErrors.errors;

/**
 * Uploads from a browser or an app. {@code POST /api/uploads} names the file, its size and its metadata and answers
 * where to put the bytes: locally a tus 1.0.0 upload at {@code /api/uploads/<id>} (HEAD, PATCH, DELETE: Vert.x
 * handlers, {@code caravan.uploads.TusEndpoint}, that stream to the data folder and land the finished file in the
 * inbox, where the ingest route takes it); on AWS presigned PUT URLs into the ingest bucket, in parts for a large file,
 * completed here. Abandoned local uploads are swept once they expire.
 */
public class UploadRoutes extends EndpointRouteBuilder {
    private static final String JSON = "application/json";

    @Override
    public void configure() {
        onException(Exception.class).handled(true).process(caravan.api.ApiResponses::internalError);

        RestDefinition uploads = rest("/api/uploads").tag("uploads").securityDefinitions()
                .bearerToken(BEARER, "CARAVAN_API_TOKEN (or the data folder's api-token file)").end();

        errors(uploads.post().id("createUpload").routeId("rest-api-create-upload")
                .description("Somewhere to put one file and its metadata. Locally a tus 1.0.0 upload (201, Location: /api/uploads/{id};"
                        + " HEAD it for the offset, PATCH application/offset+octet-stream from that offset, DELETE to abandon it; tus's"
                        + " creation request, Upload-Length and Upload-Metadata, is taken too); on AWS presigned S3 PUT URLs (multipart"
                        + " above caravan.uploads.multipartThresholdBytes). The file becomes an asset once all of it has arrived.")
                .produces(JSON)
                .param().name("body").type(RestParamType.body).required(false)
                    .description("{\"name\": \"lecture.mp4\", \"size\": bytes, \"externalId\": \"your id\" (optional),"
                            + " \"metadata\": {the sidecar's fields} (optional)}").endParam()
                .responseMessage().code(201).message("Where to put the file").contentType(JSON).responseModel(UploadTicket.class)
                    .header("Location").description("tus: the upload's URL").dataType("string").endHeader().endResponseMessage(),
                "400 a bad name or size, or metadata that is not a valid sidecar (BAD_REQUEST, EMPTY_FILE, UNSUPPORTED_FORMAT, SIDECAR_INVALID, SIDECAR_NOT_JSON, SIDECAR_TOO_LARGE)",
                "413 larger than caravan.limits.maxFileBytes (FILE_TOO_LARGE)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-create-upload");

        errors(uploads.post("/{id}/complete").id("completeUpload").routeId("rest-api-complete-upload")
                .description("Completes an S3 multipart upload (AWS) once every part is PUT").produces(JSON)
                .param().name("id").type(RestParamType.path).dataType("string").required(true).description("The upload's id").endParam()
                .param().name("body").type(RestParamType.body).required(true)
                    .description("{\"parts\": [{\"partNumber\": 1, \"etag\": \"the ETag S3 answered\"}, ...]}").endParam()
                .responseMessage().code(200).message("Completed: the file is in the ingest bucket").contentType(JSON)
                    .responseModel(UploadTicket.class).endResponseMessage(),
                "400 the parts are missing or S3 refused them (BAD_REQUEST)",
                "404 no multipart upload under way with that id (NOT_FOUND)",
                "409 local uploads are tus, with nothing to complete (NOT_HERE)",
                "415 a body that is not JSON (UNSUPPORTED_MEDIA_TYPE)")
                .to("direct:api-complete-upload");

        authorized("api-create-upload", "create");
        authorized("api-complete-upload", "complete");

        // local: an upload with all its bytes that a stop caught before it reached the inbox lands when Caravan starts
        from(timer("upload-landing").repeatCount(1).delay(1000))
                .routeId("upload-landing")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("localUploads", "landFinished");

        // local: a partial upload nobody finished is deleted once it expires (caravan.uploads.expirySeconds); one
        // complete but not landed is landed
        from(timer("upload-sweep").period("{{caravan.uploads.sweepMillis}}").delay("{{caravan.uploads.sweepMillis}}"))
                .routeId("upload-sweep")
                .precondition("{{caravan.ingest.folder.enabled}}")
                .bean("localUploads", "sweep");
    }

    private void authorized(String routeId, String method) {
        from(direct(routeId)).routeId(routeId)
                .process("apiAuth")
                .process("apiJsonBodies")
                .bean("uploadsApi", method);
    }
}
