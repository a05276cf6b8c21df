package caravan.contracts;

import caravan.CloudClients;
import caravan.keys.KmsKeyProvider;
import caravan.keys.KeyProvider;
import caravan.keys.KeyProvider.Rewrapped;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.EncryptResponse;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

/** The key contract against KMS as the emulator serves it (it checks the encryption context as KMS does). */
@Pipeline
class KmsKeyProviderContractTest extends KeyProviderContract {
    private static KmsClient kms;
    private static String keyArn;

    @BeforeAll
    static void startKms() throws Exception {
        kms = new CloudClients(MotoServer.shared().endpoint()).kms();
        keyArn = kms.createKey(b -> b.description("caravan contract test")).keyMetadata().arn();
    }

    @AfterAll
    static void closeKms() {
        kms.close();
    }

    @Override
    protected KeyProvider newProvider(Path dir) {
        return new KmsKeyProvider(kms, keyArn);
    }

    /** As keys were made before purposes were bound: the encryption context names the asset only. */
    @Override
    protected Rewrapped legacyWrapped(KeyProvider provider, String assetId, byte[] dataKey) {
        EncryptResponse r = kms.encrypt(b -> b.keyId(keyArn).plaintext(SdkBytes.fromByteArray(dataKey))
                .encryptionContext(Map.of("caravan:asset", assetId)));
        return new Rewrapped(r.keyId(), Base64.getEncoder().encodeToString(r.ciphertextBlob().asByteArray()));
    }

    @Override
    protected void rotateMasterKey(KeyProvider provider) {
        kms.rotateKeyOnDemand(b -> b.keyId(keyArn));
    }
}
