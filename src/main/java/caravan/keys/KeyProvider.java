package caravan.keys;

/**
 * Makes and unwraps per-asset data keys. The local implementation wraps them with a master key file;
 * the AWS profile's implementation uses KMS. A wrapped key is bound to its asset and its {@link KeyPurpose}; one
 * written before purposes were bound (no {@link KeyPurpose#MARK}) is bound to its asset only.
 */
public interface KeyProvider {

    DataKey newDataKey(String assetId, KeyPurpose purpose);

    byte[] unwrap(String keyId, String wrappedKey, String assetId, KeyPurpose purpose);

    /** The same data key wrapped by the current master key version, in the bound form (unchanged if it already is). */
    Rewrapped rewrap(String keyId, String wrappedKey, String assetId, KeyPurpose purpose);

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
