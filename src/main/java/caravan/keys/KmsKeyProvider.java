package caravan.keys;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

import java.util.Map;

/**
 * Per-asset data keys from AWS KMS: {@code GenerateDataKey} (AES-256) and {@code Decrypt}, both with an encryption
 * context naming the asset and the key's purpose, so a wrapped key only opens for the asset and the slot it was made
 * for. Keys stored before the purpose was added (no {@link KeyPurpose#MARK}) carry the asset alone. No master key on disk.
 */
public final class KmsKeyProvider implements KeyProvider {
    private final KmsClient kms;
    private final String keyId;

    public KmsKeyProvider(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public DataKey newDataKey(String assetId, KeyPurpose purpose) {
        try {
            GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(context(assetId, purpose)));
            return new DataKey(r.keyId(), r.plaintext().asByteArray(), KeyPurpose.marked(r.ciphertextBlob().asByteArray()));
        } catch (SdkException e) {
            throw new KeyException("KMS could not generate a data key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public byte[] unwrap(String wrappingKeyId, String wrappedKey, String assetId, KeyPurpose purpose) {
        Map<String, String> context = storedContext(wrappedKey, assetId, purpose);
        byte[] blob = blob(wrappedKey);
        try {
            return kms.decrypt(b -> b.keyId(wrappingKeyId).encryptionContext(context)
                    .ciphertextBlob(SdkBytes.fromByteArray(blob))).plaintext().asByteArray();
        } catch (SdkException e) {
            throw new KeyException("KMS refused to decrypt the data key of asset " + assetId, e);
        }
    }

    /**
     * KMS rotates its key material itself (the template enables it) and keeps old versions, so a key in the bound form
     * stays as it is. A key from before the binding is re-encrypted inside KMS ({@code ReEncrypt}: the data key never
     * leaves it in clear) from the asset-only context to the asset and purpose one, under the configured key.
     */
    @Override
    public Rewrapped rewrap(String wrappingKeyId, String wrappedKey, String assetId, KeyPurpose purpose) {
        if (!KeyPurpose.isLegacy(wrappedKey)) {
            return new Rewrapped(wrappingKeyId, wrappedKey);
        }
        byte[] blob = blob(wrappedKey);
        try {
            ReEncryptResponse r = kms.reEncrypt(b -> b.sourceKeyId(wrappingKeyId).sourceEncryptionContext(legacyContext(assetId))
                    .destinationKeyId(keyId).destinationEncryptionContext(context(assetId, purpose))
                    .ciphertextBlob(SdkBytes.fromByteArray(blob)));
            return new Rewrapped(r.keyId(), KeyPurpose.marked(r.ciphertextBlob().asByteArray()));
        } catch (SdkException e) {
            throw new KeyException("KMS refused to re-encrypt the data key of asset " + assetId, e);
        }
    }

    private static Map<String, String> storedContext(String wrappedKey, String assetId, KeyPurpose purpose) {
        return KeyPurpose.isLegacy(wrappedKey) ? legacyContext(assetId) : context(assetId, purpose);
    }

    /** The ciphertext blob of a stored wrapped key; a damaged one is a key error, and its text is not repeated. */
    private static byte[] blob(String wrappedKey) {
        try {
            return KeyPurpose.unmarked(wrappedKey);
        } catch (IllegalArgumentException e) {
            throw new KeyException("The wrapped data key is damaged (not base64)");
        }
    }

    private static Map<String, String> legacyContext(String assetId) {
        return Map.of("caravan:asset", assetId);
    }

    private static Map<String, String> context(String assetId, KeyPurpose purpose) {
        return Map.of("caravan:asset", assetId, "caravan:purpose", purpose.associatedData(assetId));
    }
}
