package caravan.contracts;

import caravan.asset.Json;
import caravan.keys.Aead;
import caravan.keys.KeyProvider;
import caravan.keys.KeyProvider.Rewrapped;
import caravan.keys.MasterKeyFile;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Base64;

/** The key contract against the local master key file. */
class FileKeyProviderContractTest extends KeyProviderContract {

    @Override
    protected KeyProvider newProvider(Path dir) {
        return MasterKeyFile.openOrCreate(dir.resolve("master.key"));
    }

    /** As the file wrapped keys before purposes were bound: AES-GCM under the active version, associated data = the asset id. */
    @Override
    protected Rewrapped legacyWrapped(KeyProvider provider, String assetId, byte[] dataKey) throws Exception {
        JsonNode file = Json.MAPPER.readTree(dir.resolve("master.key").toFile());
        String active = file.path("active").asText();
        byte[] master = Base64.getDecoder().decode(file.path("keys").path(active).asText());
        byte[] nonce = Aead.nonce();
        byte[] sealed = Aead.encrypt(master, nonce, dataKey, assetId);
        return new Rewrapped(active, Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array()));
    }

    @Override
    protected void rotateMasterKey(KeyProvider provider) {
        ((MasterKeyFile) provider).rotate();
    }
}
