package caravan.metadata;

import caravan.DataFolders;
import caravan.asset.Json;
import caravan.asset.SealedFields;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.keys.FieldSealer;
import caravan.keys.SecretFiles;
import caravan.store.AssetStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Header;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * Validates and records the sidecar. Protected ({@code sensitive}) fields are sealed with the asset's data key first,
 * and the kept copy of the sidecar is rewritten without them, even when the rest of the sidecar is then rejected:
 * they exist in clear nowhere on disk. A sidecar whose protected fields cannot be picked out (not JSON, too large,
 * beyond the parser's limits, duplicate keys, not an object) is replaced whole by its encrypted form
 * ({@link SealedSidecar}) before the asset fails. Public fields go on the asset once the sidecar matches the schema.
 */
public final class MetadataStage {
    private final DataFolders folders;
    private final AssetStore store;
    private final SidecarReader reader;
    private final FieldSealer sealer;
    private final SealedSidecar sealedSidecars;

    public MetadataStage(DataFolders folders, AssetStore store, SidecarReader reader, FieldSealer sealer) {
        this.folders = folders;
        this.store = store;
        this.reader = reader;
        this.sealer = sealer;
        this.sealedSidecars = new SealedSidecar(store, sealer);
    }

    public void apply(@Header(ASSET_ID) String assetId) throws IOException {
        Path file = folders.sidecar(assetId);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // a link would make Caravan read (and, when sealing, rewrite) a file outside the inbox
            throw new RejectedInput(ErrorCode.UNSUPPORTED_FORMAT,
                    "The sidecar is not a regular file (links, folders and devices are not accepted).");
        }
        if (SealedSidecar.isSealed(file)) {
            // kept sealed by an earlier run and brought back by a retry: it is still the sidecar that could not be read
            throw new RejectedInput(SealedSidecar.code(file), "The sidecar could not be read when it arrived and is kept only"
                    + " in encrypted form; replace it with a corrected sidecar and retry (an operator can open the encrypted"
                    + " one with OpenSealedSidecar).");
        }
        ObjectNode root;
        try {
            root = reader.parse(file);
        } catch (RejectedInput unreadable) {
            // its protected values cannot be picked out: the whole file leaves the disk in clear before anything keeps it
            sealedSidecars.sealInPlace(assetId, file, unreadable.code());
            throw new RejectedInput(unreadable.code(), unreadable.getMessage() + " The sidecar is kept only in encrypted"
                    + " form (an operator can open it with OpenSealedSidecar).");
        }
        JsonNode sensitive = root.get("sensitive");
        boolean alreadySealed = sensitive != null && sensitive.isObject() && sensitive.size() == 1
                && sensitive.path("sealed").asBoolean(false);
        if (sensitive != null && !sensitive.isNull() && !alreadySealed) {
            // protected values leave the disk first, before any check can fail and keep this file under failed/
            SealedFields sealed = sealer.seal(assetId, sensitive);
            store.update(assetId, a -> a.setSealed(sealed));
            root.putObject("sensitive").put("sealed", true);
            SecretFiles.writeOwnerOnly(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        }
        String sensitiveProblem = sensitive == null || sensitive.isNull() || sensitive.isObject() ? null
                : "$.sensitive: " + sensitive.getNodeType().name().toLowerCase() + " found, object expected (the value was sealed, not kept)";
        SidecarReader.Sidecar sidecar;
        try {
            sidecar = reader.check(root);
        } catch (RejectedInput schema) {
            throw sensitiveProblem == null ? schema : new RejectedInput(schema.code(), schema.getMessage() + "; " + sensitiveProblem);
        }
        if (sensitiveProblem != null) {
            throw new RejectedInput(ErrorCode.SIDECAR_INVALID, "The sidecar does not match the schema: " + sensitiveProblem);
        }
        Map<String, Object> metadata = Json.MAPPER.convertValue(sidecar.metadata(), new TypeReference<>() { });
        // the caller's id is the asset's own field (API, events, search, an import's "already here"), not metadata
        Object externalId = metadata.remove("externalId");
        store.update(assetId, a -> {
            a.setMetadata(metadata);
            if (externalId instanceof String id) {
                a.setExternalId(id);
            }
        });
    }
}
