package caravan.asset;

/**
 * Protected sidecar fields, encrypted with a per-asset data key (AES-256-GCM).
 * The data key itself is stored only wrapped by a master key, named by {@code keyId}.
 */
public record SealedFields(String keyId, String wrappedKey, String iv, String ciphertext) {
    @Override
    public String toString() {
        return "SealedFields[keyId=" + keyId + "]";
    }
}
