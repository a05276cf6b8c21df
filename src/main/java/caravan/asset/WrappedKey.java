package caravan.asset;

/** A data key as stored: wrapped by the master key (or KMS key) named {@code keyId}. Never the key in clear. */
public record WrappedKey(String keyId, String wrapped) {
}
