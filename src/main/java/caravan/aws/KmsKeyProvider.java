package caravan.aws;

import caravan.keys.KeyException;
import caravan.keys.KeyProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

import java.util.Base64;
import java.util.Map;

/**
 * Per-asset data keys from AWS KMS: {@code GenerateDataKey} (AES-256) and {@code Decrypt}, both with an encryption
 * context naming the asset, so a wrapped key only opens for the asset it was made for. No master key on disk.
 */
public final class KmsKeyProvider implements KeyProvider {
    private final KmsClient kms;
    private final String keyId;

    public KmsKeyProvider(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public DataKey newDataKey(String assetId) {
        try {
            GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                    .encryptionContext(context(assetId)));
            return new DataKey(r.keyId(), r.plaintext().asByteArray(),
                    Base64.getEncoder().encodeToString(r.ciphertextBlob().asByteArray()));
        } catch (SdkException e) {
            throw new KeyException("KMS could not generate a data key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    @Override
    public byte[] unwrap(String wrappingKeyId, String wrappedKey, String assetId) {
        try {
            return kms.decrypt(b -> b.keyId(wrappingKeyId).encryptionContext(context(assetId))
                    .ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(wrappedKey)))).plaintext().asByteArray();
        } catch (SdkException e) {
            throw new KeyException("KMS refused to decrypt the data key of asset " + assetId, e);
        }
    }

    /** KMS rotates its key material itself (the template enables it) and keeps old versions: nothing to re-wrap. */
    @Override
    public Rewrapped rewrap(String wrappingKeyId, String wrappedKey, String assetId) {
        return new Rewrapped(wrappingKeyId, wrappedKey);
    }

    private static Map<String, String> context(String assetId) {
        return Map.of("caravan:asset", assetId);
    }
}
