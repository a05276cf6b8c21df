package caravan.keys;

import caravan.asset.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local master keys: a JSON file {@code {"active": "k1", "keys": {"k1": "<base64>"}}}, mode 0600,
 * created on first start. Older versions stay in the file so data keys wrapped with them still unwrap.
 */
public final class MasterKeyFile implements KeyProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyFile.class);

    private final String activeId;
    private final Map<String, byte[]> keys;

    private MasterKeyFile(String activeId, Map<String, byte[]> keys) {
        this.activeId = activeId;
        this.keys = keys;
    }

    public static MasterKeyFile openOrCreate(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                ObjectNode doc = Json.MAPPER.createObjectNode();
                doc.put("active", "k1");
                doc.putObject("keys").put("k1", Base64.getEncoder().encodeToString(Aead.randomKey()));
                SecretFiles.writeOwnerOnly(file, Json.MAPPER.writeValueAsBytes(doc));
                LOG.info("Generated a new master key file at {}", file.toAbsolutePath());
            }
            JsonNode doc = Json.MAPPER.readTree(file.toFile());
            Map<String, byte[]> keys = new LinkedHashMap<>();
            doc.path("keys").fields().forEachRemaining(e -> keys.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            String active = doc.path("active").asText();
            if (!keys.containsKey(active) || keys.get(active).length != 32) {
                throw new KeyException("Master key file " + file + " has no valid 256-bit active key");
            }
            return new MasterKeyFile(active, keys);
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyException("Cannot read master key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public String activeKeyId() {
        return activeId;
    }

    @Override
    public DataKey newDataKey(String assetId) {
        byte[] dataKey = Aead.randomKey();
        byte[] nonce = Aead.nonce();
        byte[] sealed = Aead.encrypt(keys.get(activeId), nonce, dataKey, assetId);
        String wrapped = Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        return new DataKey(activeId, dataKey, wrapped);
    }

    @Override
    public byte[] unwrap(String keyId, String wrappedKey, String assetId) {
        byte[] master = keys.get(keyId);
        if (master == null) {
            throw new KeyException("Master key " + keyId + " is not in the key file");
        }
        byte[] all = Base64.getDecoder().decode(wrappedKey);
        byte[] nonce = java.util.Arrays.copyOfRange(all, 0, 12);
        byte[] sealed = java.util.Arrays.copyOfRange(all, 12, all.length);
        return Aead.decrypt(master, nonce, sealed, assetId);
    }
}
