package caravan.keys;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

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
        Map<String, String> context = KeyPurpose.isLegacy(wrappedKey) ? Map.of("caravan:asset", assetId) : context(assetId, purpose);
        try {
            return kms.decrypt(b -> b.keyId(wrappingKeyId).encryptionContext(context)
                    .ciphertextBlob(SdkBytes.fromByteArray(KeyPurpose.unmarked(wrappedKey)))).plaintext().asByteArray();
        } catch (SdkException e) {
            throw new KeyException("KMS refused to decrypt the data key of asset " + assetId, e);
        }
    }

    /** KMS rotates its key material itself (the template enables it) and keeps old versions: nothing to re-wrap. */
    @Override
    public Rewrapped rewrap(String wrappingKeyId, String wrappedKey, String assetId, KeyPurpose purpose) {
        return new Rewrapped(wrappingKeyId, wrappedKey);
    }

    private static Map<String, String> context(String assetId, KeyPurpose purpose) {
        return Map.of("caravan:asset", assetId, "caravan:purpose", purpose.associatedData(assetId));
    }
}
