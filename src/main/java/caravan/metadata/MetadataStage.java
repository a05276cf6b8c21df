package caravan.metadata;

import caravan.DataFolders;
import caravan.asset.Json;
import caravan.asset.SealedFields;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.keys.FieldSealer;
import caravan.store.AssetStore;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Header;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * Validates and records the sidecar: public fields go on the asset, protected ({@code sensitive}) fields are
 * sealed with the asset's data key. The kept copy of the sidecar is rewritten without the protected fields,
 * so they exist in clear nowhere on disk.
 */
public final class MetadataStage {
    public static final String ASSET_ID = "CaravanAssetId";

    private final DataFolders folders;
    private final AssetStore store;
    private final SidecarReader reader;
    private final FieldSealer sealer;

    public MetadataStage(DataFolders folders, AssetStore store, SidecarReader reader, FieldSealer sealer) {
        this.folders = folders;
        this.store = store;
        this.reader = reader;
        this.sealer = sealer;
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
        SidecarReader.Sidecar sidecar = reader.read(file);
        Map<String, Object> metadata = Json.MAPPER.convertValue(sidecar.metadata(), new TypeReference<>() { });
        boolean sealedBefore = sidecar.sensitive().size() == 1 && sidecar.sensitive().path("sealed").asBoolean(false);
        SealedFields sealed = sidecar.sensitive().isEmpty() || sealedBefore ? null : sealer.seal(assetId, sidecar.sensitive());
        store.update(assetId, a -> {
            a.setMetadata(metadata);
            if (sealed != null) {
                a.setSealed(sealed);
            }
        });
        if (sealed != null) {
            ObjectNode redacted = sidecar.metadata().deepCopy();
            redacted.putObject("sensitive").put("sealed", true);
            Files.write(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(redacted));
        }
    }
}
