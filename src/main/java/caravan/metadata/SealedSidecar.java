package caravan.metadata;

import caravan.asset.Asset;
import caravan.asset.Json;
import caravan.asset.SealedFields;
import caravan.failure.ErrorCode;
import caravan.keys.FieldSealer;
import caravan.keys.SecretFiles;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * A sidecar whose protected fields cannot be picked out (not JSON, over the size limit, beyond the parser's limits,
 * duplicate keys, not an object) is kept whole, encrypted, in place of the clear file, so whatever keeps it later
 * (failed/, archive/) only ever sees this form. The file, mode 0600:
 * <pre>
 * caravan sealed sidecar v1
 * {"assetId": "...", "code": "SIDECAR_TOO_LARGE"}
 * &lt;the sidecar, AES-256-GCM in 64 KiB segments&gt;
 * </pre>
 * It is sealed with the data key of the asset's sealed fields (stored wrapped in the asset record, so key rotation
 * re-wraps it and retiring a version checks it); an asset without sealed fields gets one sealing no fields.
 * {@link OpenSealedSidecar} opens it again.
 */
final class SealedSidecar {
    private static final byte[] MAGIC = "caravan sealed sidecar v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEADER = 1024;

    private final AssetStore store;
    private final FieldSealer sealer;

    SealedSidecar(AssetStore store, FieldSealer sealer) {
        this.store = store;
        this.sealer = sealer;
    }

    static boolean isSealed(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        }
    }

    /** Why the sidecar was sealed whole, as recorded when it was. */
    static ErrorCode code(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(MAGIC.length);
            return ErrorCode.valueOf(header(in).path("code").asText());
        } catch (IllegalArgumentException e) {
            return ErrorCode.SIDECAR_INVALID;
        }
    }

    /** Replaces the clear {@code file} with its sealed form (written beside it, forced to disk, then renamed over it). */
    void sealInPlace(String assetId, Path file, ErrorCode code) throws IOException {
        SealedFields key = fieldsKey(assetId);
        Path sealing = file.resolveSibling(file.getFileName() + ".sealing");
        Files.deleteIfExists(sealing);
        try {
            try (InputStream in = Files.newInputStream(file);
                 FileChannel channel = FileChannel.open(sealing, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                         PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                OutputStream out = Channels.newOutputStream(channel);
                out.write(MAGIC);
                out.write(Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode().put("assetId", assetId).put("code", code.name())));
                out.write('\n');
                sealer.sealSidecar(assetId, key, in, out);
                channel.force(true);
            }
            Files.move(sealing, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(sealing);
        }
        SecretFiles.forceFolder(file.toAbsolutePath().getParent());
    }

    /** Writes the sidecar in clear to {@code out}; a {@link caravan.keys.KeyException} if it does not open for this asset. */
    void open(String assetId, Path file, OutputStream out) throws IOException {
        Asset asset = store.find(assetId).orElseThrow(() -> new IllegalArgumentException("No asset " + assetId));
        if (asset.getSealed() == null) {
            throw new IllegalArgumentException("Asset " + assetId + " has no data key for a sealed sidecar");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            if (!Arrays.equals(in.readNBytes(MAGIC.length), MAGIC)) {
                throw new IllegalArgumentException(file + " is not a sealed sidecar");
            }
            header(in);
            sealer.openSidecar(assetId, asset.getSealed(), in, out);
        }
    }

    /** The header line after the magic line (reads exactly up to and including its newline). */
    private static JsonNode header(InputStream in) throws IOException {
        byte[] line = new byte[MAX_HEADER];
        int n = 0;
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0 || n == MAX_HEADER) {
                throw new IOException("The sealed sidecar's header is damaged");
            }
            line[n++] = (byte) b;
        }
        return Json.MAPPER.readTree(Arrays.copyOf(line, n));
    }

    /** The asset's fields key; one sealing no fields is made and stored first if the asset has none. */
    private SealedFields fieldsKey(String assetId) {
        Asset asset = store.find(assetId).orElseThrow(() -> new IllegalStateException("No asset " + assetId));
        if (asset.getSealed() != null) {
            return asset.getSealed();
        }
        SealedFields none = sealer.seal(assetId, Json.MAPPER.createObjectNode());
        return store.update(assetId, a -> {
            if (a.getSealed() == null) {
                a.setSealed(none);
            }
        }).getSealed();
    }
}
