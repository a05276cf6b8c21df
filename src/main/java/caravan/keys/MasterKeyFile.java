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

    private final Path file;
    private volatile String activeId;
    private final Map<String, byte[]> keys;

    private MasterKeyFile(Path file, String activeId, Map<String, byte[]> keys) {
        this.file = file;
        this.activeId = activeId;
        this.keys = new java.util.concurrent.ConcurrentHashMap<>(keys);
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
            return new MasterKeyFile(file, active, keys);
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyException("Cannot read master key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    public String activeKeyId() {
        return activeId;
    }

    /**
     * Adds a new master key version and makes it the active one. Older versions stay in the file, so data keys
     * wrapped with them still open; {@link #rewrap} moves each data key to the new version.
     */
    public synchronized String rotate() {
        int next = keys.keySet().stream().filter(k -> k.matches("k\\d+")).mapToInt(k -> Integer.parseInt(k.substring(1))).max().orElse(0) + 1;
        String id = "k" + next;
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("active", id);
        ObjectNode all = doc.putObject("keys");
        keys.forEach((k, v) -> all.put(k, Base64.getEncoder().encodeToString(v)));
        byte[] fresh = Aead.randomKey();
        all.put(id, Base64.getEncoder().encodeToString(fresh));
        try {
            SecretFiles.writeOwnerOnly(file, Json.MAPPER.writeValueAsBytes(doc));
        } catch (IOException e) {
            throw new KeyException("Cannot write the master key file " + file + ": " + e.getClass().getSimpleName());
        }
        keys.put(id, fresh);
        activeId = id;
        LOG.info("Master key rotated: {} is now active ({} version(s) kept)", id, keys.size());
        return id;
    }

    @Override
    public Rewrapped rewrap(String keyId, String wrappedKey, String assetId) {
        if (activeId.equals(keyId)) {
            return new Rewrapped(keyId, wrappedKey);
        }
        byte[] dataKey = unwrap(keyId, wrappedKey, assetId);
        try {
            return new Rewrapped(activeId, wrap(dataKey, assetId));
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public DataKey newDataKey(String assetId) {
        String id = activeId;
        byte[] dataKey = Aead.randomKey();
        return new DataKey(id, dataKey, wrap(dataKey, id, assetId));
    }

    private String wrap(byte[] dataKey, String assetId) {
        return wrap(dataKey, activeId, assetId);
    }

    private String wrap(byte[] dataKey, String keyId, String assetId) {
        byte[] nonce = Aead.nonce();
        byte[] sealed = Aead.encrypt(keys.get(keyId), nonce, dataKey, assetId);
        return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
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
