package caravan.metadata;

import caravan.asset.Json;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and checks a sidecar against {@code schemas/sidecar.schema.json}. Error messages name the field and the
 * rule, never a field's value (a value may be protected).
 */
public final class SidecarReader {
    /**
     * A key twice in one object (at any depth) is an error: Jackson would otherwise keep the last one, so a
     * {@code "sensitive": {"sealed": true}} after the real {@code sensitive} object would hide it from sealing.
     */
    private static final ObjectReader STRICT = Json.MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    private final JsonSchema schema;
    private final long maxBytes;

    public SidecarReader(long maxBytes) {
        this.maxBytes = maxBytes;
        try (InputStream in = SidecarReader.class.getResourceAsStream("/schemas/sidecar.schema.json")) {
            this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot load the sidecar schema", e);
        }
    }

    /** The parsed sidecar: public metadata and the protected fields (possibly empty). */
    public record Sidecar(ObjectNode metadata, ObjectNode sensitive) {
    }

    public Sidecar read(Path file) throws IOException {
        return check(parse(file));
    }

    /** The sidecar as a JSON object, before the schema is checked; rejects what is too large or not a JSON object. */
    public ObjectNode parse(Path file) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) {
            throw new RejectedInput(ErrorCode.SIDECAR_TOO_LARGE,
                    "The sidecar JSON is " + size + " bytes; the limit is " + maxBytes + " bytes.");
        }
        JsonNode root;
        try {
            root = STRICT.readTree(Files.readAllBytes(file));
        } catch (StreamConstraintsException e) {
            throw new RejectedInput(ErrorCode.SIDECAR_NOT_JSON, "The sidecar is beyond what Caravan reads as JSON"
                    + " (more than 1000 levels of nesting, or a number or text far too long).");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                // the key is not named: inside "sensitive" even a key may be protected
                throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The sidecar has a duplicate key" + where
                        + "; each key may appear only once in an object.");
            }
            throw new RejectedInput(ErrorCode.SIDECAR_NOT_JSON, "The sidecar is not valid JSON" + where + ".");
        }
        if (root == null || !root.isObject()) {
            throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The sidecar must be a JSON object.");
        }
        return (ObjectNode) root;
    }

    /** Checks the parsed sidecar against the schema and splits it into public metadata and protected fields. */
    public Sidecar check(ObjectNode root) {
        Set<ValidationMessage> problems = schema.validate(root);
        if (!problems.isEmpty()) {
            String text = problems.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; "));
            throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The sidecar does not match the schema: " + text);
        }
        ObjectNode metadata = root.deepCopy();
        JsonNode sensitive = metadata.remove("sensitive");
        return new Sidecar(metadata, sensitive == null ? Json.MAPPER.createObjectNode() : (ObjectNode) sensitive);
    }
}
