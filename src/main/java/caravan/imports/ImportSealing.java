package caravan.imports;

import caravan.asset.Json;
import caravan.asset.SealedFields;
import caravan.keys.FieldSealer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A manifest line's metadata at rest: sealed whole with {@link FieldSealer} (a fresh data key, bound to the import,
 * the line and this purpose) when the import is created, opened only to write the sidecar the pipeline reads, where
 * {@code MetadataStage} seals its {@code sensitive} fields for the asset as it does for any upload.
 */
public final class ImportSealing {
    static final String FIELD = "import-metadata";
    private final FieldSealer sealer;

    public ImportSealing(FieldSealer sealer) {
        this.sealer = sealer;
    }

    public String seal(String importId, int line, ObjectNode metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsString(sealer.seal(owner(importId, line), FIELD, metadata));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectNode open(String importId, int line, String sealed) {
        if (sealed == null) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return (ObjectNode) sealer.open(owner(importId, line), FIELD, Json.MAPPER.readValue(sealed, SealedFields.class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The sealed metadata of an import line is damaged", e);
        }
    }

    private static String owner(String importId, int line) {
        return importId + "-" + line;
    }
}
