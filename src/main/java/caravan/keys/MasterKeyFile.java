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
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local master keys: a JSON file {@code {"active": "k2", "keys": {"k1": "<base64>", "k2": "<base64>"}}}, mode
 * 0600, created on first start. Older versions stay in the file so data keys wrapped with them still unwrap, until
 * {@link #retire} removes versions nothing uses. Every rewrite is durable (see {@link SecretFiles#writeOwnerOnly}) and
 * read back before it is relied on; during a rotation the previous file stays beside it as {@code <file>.bak}.
 */
public final class MasterKeyFile implements KeyProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MasterKeyFile.class);
    private static final Comparator<String> BY_VERSION = Comparator.comparingInt(MasterKeyFile::number).thenComparing(Comparator.naturalOrder());

    private final Path file;
    private volatile String activeId;
    private final Map<String, byte[]> keys;

    private MasterKeyFile(Path file, Versions versions) {
        this.file = file;
        this.activeId = versions.active();
        this.keys = new ConcurrentHashMap<>(versions.keys());
    }

    /** What the file holds. */
    private record Versions(String active, Map<String, byte[]> keys) {
    }

    /** The key file, generated on first start; never generated when a backup shows there was one. */
    public static MasterKeyFile openOrCreate(Path file) {
        if (!Files.exists(file) && !Files.exists(backupOf(file))) {
            Map<String, byte[]> first = new TreeMap<>(BY_VERSION);
            first.put("k1", Aead.randomKey());
            try {
                write(file, new Versions("k1", first));
            } catch (IOException e) {
                throw new KeyException("Cannot write the master key file " + file + ": " + e.getClass().getSimpleName());
            }
            LOG.info("Generated a new master key file at {}", file.toAbsolutePath());
        }
        return open(file);
    }

    /** The existing key file (for tools that must never create one). */
    public static MasterKeyFile open(Path file) {
        Path backup = backupOf(file);
        try {
            Files.deleteIfExists(SecretFiles.temporaryOf(file)); // a rewrite that never finished: the file itself is intact
        } catch (IOException e) {
            LOG.warn("Cannot remove the unfinished {} ({}); remove it by hand, it may hold key material",
                    SecretFiles.temporaryOf(file), e.getClass().getSimpleName());
        }
        if (!Files.exists(file)) {
            throw new KeyException("The master key file " + file + " is missing" + (Files.exists(backup)
                    ? " but " + backup.getFileName() + " is there (a key rotation did not finish): copy " + backup + " to "
                    + file + " and start again. A new master key is never generated over a backup." : "."));
        }
        Versions versions = read(file);
        if (Files.exists(backup)) {
            Versions previous;
            try {
                previous = read(backup);
            } catch (KeyException damaged) {
                LOG.warn("{} is there but cannot be read; {} is used as it is", backup.getFileName(), file.getFileName());
                return new MasterKeyFile(file, versions);
            }
            for (Map.Entry<String, byte[]> e : previous.keys().entrySet()) {
                if (!Arrays.equals(e.getValue(), versions.keys().get(e.getKey()))) {
                    throw new KeyException("The master key file " + file + " lacks version " + e.getKey() + " that "
                            + backup.getFileName() + " holds: restore " + backup + " before starting; data keys may still use it.");
                }
            }
            LOG.warn("{} is still there: a key rotation did not finish (every version it holds is also in {}). Rotate again to"
                    + " finish; the backup is removed when a rotation completes.", backup.getFileName(), file.getFileName());
        }
        return new MasterKeyFile(file, versions);
    }

    private static Versions read(Path file) {
        try {
            JsonNode doc = Json.MAPPER.readTree(file.toFile());
            Map<String, byte[]> keys = new TreeMap<>(BY_VERSION);
            doc.path("keys").fields().forEachRemaining(e -> keys.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText())));
            String active = doc.path("active").asText();
            if (!keys.containsKey(active) || keys.values().stream().anyMatch(k -> k.length != 32)) {
                throw new KeyException("Master key file " + file + " has no valid 256-bit active key");
            }
            return new Versions(active, keys);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new KeyException("Cannot read master key file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static void write(Path file, Versions versions) throws IOException {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("active", versions.active());
        ObjectNode all = doc.putObject("keys");
        versions.keys().forEach((k, v) -> all.put(k, Base64.getEncoder().encodeToString(v)));
        SecretFiles.writeOwnerOnly(file, Json.MAPPER.writeValueAsBytes(doc));
    }

    static Path backupOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".bak");
    }

    private static int number(String id) {
        return id.matches("k\\d{1,9}") ? Integer.parseInt(id.substring(1)) : -1;
    }

    public String activeKeyId() {
        return activeId;
    }

    /** Every version in the file. */
    public Set<String> versions() {
        return Set.copyOf(keys.keySet());
    }

    /**
     * Adds a new master key version and makes it the active one. The file as it was is first kept as
     * {@code <file>.bak}; the new file keeps every older version, is written durably, and is read back from disk and
     * checked to open a probe wrapped with the new version before that version wraps anything. The backup stays until
     * {@link #rotationCommitted()}; {@link #rewrap} moves each data key to the new version.
     */
    public synchronized String rotate() {
        String id = "k" + (keys.keySet().stream().mapToInt(MasterKeyFile::number).max().orElse(0) + 1);
        byte[] fresh = Aead.randomKey();
        Map<String, byte[]> next = new TreeMap<>(BY_VERSION);
        next.putAll(keys);
        next.put(id, fresh);
        Path backup = backupOf(file);
        try {
            SecretFiles.writeOwnerOnly(backup, Files.readAllBytes(file));
            try {
                write(file, new Versions(id, next));
            } catch (IOException e) {
                SecretFiles.deleteDurably(backup); // the file is as it was: nothing to keep
                throw e;
            }
            if (!holds(new Versions(id, next))) {
                SecretFiles.writeOwnerOnly(file, Files.readAllBytes(backup));
                throw new KeyException("The rewritten master key file " + file + " did not read back as written; the"
                        + " previous one was put back and nothing was re-wrapped");
            }
        } catch (IOException e) {
            throw new KeyException("Cannot write the master key file " + file + ": " + e.getClass().getSimpleName());
        }
        keys.put(id, fresh);
        activeId = id;
        LOG.info("Master key rotated: {} is now active ({} version(s) kept)", id, keys.size());
        return id;
    }

    /** Every data key was re-wrapped and committed: the backup of the file from before the rotation goes. */
    public synchronized void rotationCommitted() {
        try {
            SecretFiles.deleteDurably(backupOf(file));
        } catch (IOException e) {
            throw new KeyException("Cannot remove " + backupOf(file) + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Removes versions from the file (the caller checked that nothing stored uses them; the active one is never
     * removed). The backup goes too: it would keep the removed versions alive.
     */
    public synchronized void retire(Set<String> versions) {
        if (versions.contains(activeId)) {
            throw new KeyException("Master key " + activeId + " is the active version and cannot be retired");
        }
        Map<String, byte[]> next = new TreeMap<>(BY_VERSION);
        next.putAll(keys);
        next.keySet().removeAll(versions);
        try {
            write(file, new Versions(activeId, next));
            if (!holds(new Versions(activeId, next))) {
                Map<String, byte[]> all = new TreeMap<>(BY_VERSION);
                all.putAll(keys);
                write(file, new Versions(activeId, all));
                throw new KeyException("The rewritten master key file " + file + " did not read back as written; every"
                        + " version was written back and nothing was retired");
            }
            SecretFiles.deleteDurably(backupOf(file));
        } catch (IOException e) {
            throw new KeyException("Cannot write the master key file " + file + ": " + e.getClass().getSimpleName());
        }
        keys.keySet().removeAll(versions);
        LOG.info("Master key version(s) {} retired ({} version(s) kept)", versions, keys.size());
    }

    /** Reads the file back from disk: exactly these versions, and the active one opens a probe wrapped with it here. */
    private boolean holds(Versions expected) {
        Versions onDisk;
        try {
            onDisk = read(file);
        } catch (KeyException unreadable) {
            return false;
        }
        if (!onDisk.active().equals(expected.active()) || !onDisk.keys().keySet().equals(expected.keys().keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : expected.keys().entrySet()) {
            if (!Arrays.equals(e.getValue(), onDisk.keys().get(e.getKey()))) {
                return false;
            }
        }
        byte[] probe = Aead.randomKey();
        byte[] nonce = Aead.nonce();
        String aad = KeyPurpose.PROBE.associatedData(file.getFileName().toString());
        byte[] sealed = Aead.encrypt(expected.keys().get(expected.active()), nonce, probe, aad);
        return Arrays.equals(probe, Aead.decrypt(onDisk.keys().get(onDisk.active()), nonce, sealed, aad));
    }

    @Override
    public Rewrapped rewrap(String keyId, String wrappedKey, String assetId, KeyPurpose purpose) {
        String active = activeId;
        if (active.equals(keyId) && !KeyPurpose.isLegacy(wrappedKey)) {
            return new Rewrapped(keyId, wrappedKey);
        }
        byte[] dataKey = unwrap(keyId, wrappedKey, assetId, purpose);
        try {
            return new Rewrapped(active, wrap(dataKey, active, assetId, purpose));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    @Override
    public DataKey newDataKey(String assetId, KeyPurpose purpose) {
        String id = activeId;
        byte[] dataKey = Aead.randomKey();
        return new DataKey(id, dataKey, wrap(dataKey, id, assetId, purpose));
    }

    private String wrap(byte[] dataKey, String keyId, String assetId, KeyPurpose purpose) {
        byte[] nonce = Aead.nonce();
        byte[] sealed = Aead.encrypt(keys.get(keyId), nonce, dataKey, purpose.associatedData(assetId));
        return KeyPurpose.marked(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
    }

    /** A key in the bound form opens only for its purpose; one from before the binding ({@link KeyPurpose#isLegacy}) for its asset. */
    @Override
    public byte[] unwrap(String keyId, String wrappedKey, String assetId, KeyPurpose purpose) {
        byte[] master = keys.get(keyId);
        if (master == null) {
            throw new KeyException("Master key " + keyId + " is not in the key file");
        }
        byte[] all;
        try {
            all = KeyPurpose.unmarked(wrappedKey);
        } catch (IllegalArgumentException e) {
            throw new KeyException("The wrapped data key is damaged (not base64)");
        }
        if (all.length < 12 + 16) {
            throw new KeyException("The wrapped data key is damaged (too short)");
        }
        byte[] nonce = Arrays.copyOfRange(all, 0, 12);
        byte[] sealed = Arrays.copyOfRange(all, 12, all.length);
        return Aead.decrypt(master, nonce, sealed, KeyPurpose.isLegacy(wrappedKey) ? assetId : purpose.associatedData(assetId));
    }
}
