package caravan.uploads;

import caravan.api.ApiResponses;
import caravan.asset.Json;
import caravan.metadata.SidecarReader;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /api/uploads}: checks the request (name, size against {@code caravan.limits.maxFileBytes}, metadata as
 * a sidecar) and answers where to put the file, 201 with {@code Location} (tus's creation, so stock tus clients work
 * too: {@code Upload-Length} and {@code Upload-Metadata} instead of a JSON body). {@code POST /api/uploads/{id}/complete}
 * completes an S3 multipart upload with its parts' ETags.
 */
public final class UploadsApi {
    private final UploadTarget target;
    private final SidecarReader reader;
    private final UploadSettings settings;

    public UploadsApi(UploadTarget target, SidecarReader reader, UploadSettings settings) {
        this.target = target;
        this.reader = reader;
        this.settings = settings;
    }

    public void create(Exchange exchange) {
        String uploadLength = exchange.getIn().getHeader("Upload-Length", String.class);
        String uploadMetadata = exchange.getIn().getHeader("Upload-Metadata", String.class);
        String body = exchange.getIn().getBody(String.class);
        try {
            UploadRequest request = uploadLength != null && (body == null || body.isBlank())
                    ? UploadRequest.fromTus(uploadLength, uploadMetadata, reader, settings)
                    : UploadRequest.fromJson(body, reader, settings);
            UploadTicket ticket = target.open(request);
            ApiResponses.json(exchange, 201, ticket);
            if ("tus".equals(ticket.protocol())) {
                exchange.getMessage().setHeader("Location", ticket.url());
                exchange.getMessage().setHeader("Tus-Resumable", TusEndpoint.VERSION);
            }
        } catch (UploadRefused refused) {
            ApiResponses.error(exchange, refused.status(), refused.code(), refused.getMessage());
        }
    }

    public void complete(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        Map<Integer, String> etags = new TreeMap<>();
        try {
            JsonNode parts = Json.MAPPER.readTree(exchange.getIn().getBody(String.class)).path("parts");
            if (!parts.isArray() || parts.isEmpty()) {
                throw new IllegalArgumentException();
            }
            for (JsonNode part : parts) {
                int number = part.path("partNumber").asInt(0);
                String etag = part.path("etag").asText("");
                if (number < 1 || number > 10000 || etag.isEmpty() || etag.length() > 200 || etags.put(number, etag) != null) {
                    throw new IllegalArgumentException();
                }
            }
        } catch (Exception e) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST",
                    "Send {\"parts\": [{\"partNumber\": 1, \"etag\": \"...\"}, ...]}, every part once, with the ETag S3 answered.");
            return;
        }
        try {
            ApiResponses.json(exchange, 200, target.complete(id, etags));
        } catch (UploadRefused refused) {
            ApiResponses.error(exchange, refused.status(), refused.code(), refused.getMessage());
        }
    }
}
