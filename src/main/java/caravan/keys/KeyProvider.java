package caravan.keys;

/**
 * Makes and unwraps per-asset data keys. The local implementation wraps them with a master key file;
 * the AWS profile's implementation will use KMS. The asset id binds a wrapped key to its asset.
 */
public interface KeyProvider {

    DataKey newDataKey(String assetId);

    byte[] unwrap(String keyId, String wrappedKey, String assetId);

    /** The same data key wrapped by the current master key version (unchanged if it already is). */
    Rewrapped rewrap(String keyId, String wrappedKey, String assetId);

    record Rewrapped(String keyId, String wrapped) {
    }

    /** A fresh 256-bit data key, in clear (use and forget) and wrapped (store). */
    record DataKey(String keyId, byte[] plaintext, String wrapped) {
        @Override
        public String toString() {
            return "DataKey[keyId=" + keyId + "]";
        }
    }
}
