package caravan.uploads;

import caravan.asset.Json;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.metadata.SidecarReader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * What a caller asks to upload: the file's name (with its extension), its size, and the sidecar it comes with (its
 * {@code metadata} object and {@code externalId}), checked here as a sidecar in the inbox would be (the schema, the
 * size limit, duplicate keys) so a bad one is refused before any byte is sent. Protected ({@code sensitive}) fields
 * are sealed later by the metadata stage, exactly as for a sidecar dropped beside a video.
 *
 * @param sidecar the sidecar to write beside the upload, or null when there is neither metadata nor external id
 */
public record UploadRequest(String name, long size, ObjectNode sidecar) {
    private static final ObjectReader STRICT = Json.MAPPER.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    private static final String BAD_REQUEST = "BAD_REQUEST";

    /** The JSON body of {@code POST /api/uploads}: {@code {"name", "size", "externalId"?, "metadata"?}}. */
    public static UploadRequest fromJson(String body, SidecarReader reader, UploadSettings limits) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UploadRefused(400, ErrorCode.SIDECAR_NOT_JSON.name(), "The body is not valid JSON (or repeats a key).");
        }
        if (root == null || !root.isObject()) {
            throw new UploadRefused(400, BAD_REQUEST,
                    "Send a JSON object: {\"name\": \"lecture.mp4\", \"size\": bytes, \"externalId\": optional, \"metadata\": optional object}.");
        }
        JsonNode size = root.path("size");
        if (!size.isIntegralNumber() || !size.canConvertToLong()) {
            throw new UploadRefused(400, BAD_REQUEST, "size must be the file's size in bytes, a whole number.");
        }
        JsonNode metadata = root.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new UploadRefused(400, ErrorCode.SIDECAR_INVALID.name(), "metadata must be a JSON object (the sidecar's fields).");
        }
        JsonNode externalId = root.get("externalId");
        if (externalId != null && !externalId.isNull() && !externalId.isTextual()) {
            throw new UploadRefused(400, ErrorCode.SIDECAR_INVALID.name(), "externalId must be a string.");
        }
        return of(root.path("name").isTextual() ? root.path("name").asText() : null, size.asLong(),
                externalId == null || externalId.isNull() ? null : externalId.asText(),
                metadata == null || metadata.isNull() ? null : (ObjectNode) metadata, reader, limits);
    }

    /**
     * The tus creation request: {@code Upload-Length} and {@code Upload-Metadata} (comma-separated {@code key base64}
     * pairs: {@code filename} or {@code name}, {@code externalId}, {@code metadata} as base64 JSON), as stock tus
     * clients send it.
     */
    public static UploadRequest fromTus(String uploadLength, String uploadMetadata, SidecarReader reader, UploadSettings limits) {
        long size;
        try {
            size = Long.parseLong(uploadLength.trim());
        } catch (NumberFormatException e) {
            throw new UploadRefused(400, BAD_REQUEST, "Upload-Length must be the file's size in bytes.");
        }
        Map<String, String> pairs = tusMetadata(uploadMetadata);
        ObjectNode metadata = null;
        if (pairs.containsKey("metadata")) {
            try {
                JsonNode parsed = STRICT.readTree(pairs.get("metadata"));
                if (parsed == null || !parsed.isObject()) {
                    throw new UploadRefused(400, ErrorCode.SIDECAR_INVALID.name(), "metadata must be a JSON object (the sidecar's fields).");
                }
                metadata = (ObjectNode) parsed;
            } catch (JsonProcessingException e) {
                throw new UploadRefused(400, ErrorCode.SIDECAR_NOT_JSON.name(), "metadata is not valid JSON (or repeats a key).");
            }
        }
        return of(pairs.getOrDefault("filename", pairs.get("name")), size, pairs.get("externalId"), metadata, reader, limits);
    }

    static UploadRequest of(String name, long size, String externalId, ObjectNode metadata, SidecarReader reader, UploadSettings limits) {
        UploadName.check(name);
        if (size < 1) {
            throw new UploadRefused(400, ErrorCode.EMPTY_FILE.name(), "size must be at least 1 byte.");
        }
        if (size > limits.maxFileBytes()) {
            throw new UploadRefused(413, ErrorCode.FILE_TOO_LARGE.name(),
                    "The file is " + size + " bytes; the largest upload accepted is " + limits.maxFileBytes() + " bytes.");
        }
        ObjectNode sidecar = metadata == null ? Json.MAPPER.createObjectNode() : metadata.deepCopy();
        if (externalId != null) {
            JsonNode given = sidecar.get("externalId");
            if (given != null && !externalId.equals(given.asText())) {
                throw new UploadRefused(400, ErrorCode.SIDECAR_INVALID.name(), "externalId differs from metadata.externalId; give it once.");
            }
            sidecar.put("externalId", externalId);
        }
        if (sidecar.isEmpty()) {
            return new UploadRequest(name, size, null);
        }
        try {
            byte[] bytes = Json.MAPPER.writeValueAsBytes(sidecar);
            if (bytes.length > limits.sidecarMaxBytes()) {
                throw new UploadRefused(400, ErrorCode.SIDECAR_TOO_LARGE.name(),
                        "The metadata is " + bytes.length + " bytes as JSON; the limit is " + limits.sidecarMaxBytes() + " bytes.");
            }
            reader.check(sidecar);
        } catch (RejectedInput invalid) {
            throw new UploadRefused(400, invalid.code().name(), invalid.getMessage().replace("The sidecar", "The metadata"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new UploadRequest(name, size, sidecar);
    }

    public String externalId() {
        return sidecar == null || !sidecar.hasNonNull("externalId") ? null : sidecar.get("externalId").asText();
    }

    public byte[] sidecarBytes() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> tusMetadata(String header) {
        Map<String, String> pairs = new HashMap<>();
        if (header == null || header.isBlank()) {
            return pairs;
        }
        for (String pair : header.split(",")) {
            String[] kv = pair.trim().split(" ", 2);
            try {
                pairs.put(kv[0], kv.length < 2 ? "" : new String(Base64.getDecoder().decode(kv[1].trim()), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new UploadRefused(400, BAD_REQUEST, "Upload-Metadata must be key base64 pairs separated by commas.");
            }
        }
        return pairs;
    }
}
