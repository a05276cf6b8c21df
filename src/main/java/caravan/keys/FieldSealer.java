package caravan.keys;

import caravan.asset.Json;
import caravan.asset.SealedFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.Base64;

/** Encrypts an asset's protected sidecar fields with a fresh data key, and opens them again for an authorised reader. */
public final class FieldSealer {
    private final KeyProvider keys;

    public FieldSealer(KeyProvider keys) {
        this.keys = keys;
    }

    public SealedFields seal(String assetId, JsonNode fields) {
        KeyProvider.DataKey key = keys.newDataKey(assetId);
        byte[] nonce = Aead.nonce();
        try {
            byte[] ct = Aead.encrypt(key.plaintext(), nonce, Json.MAPPER.writeValueAsBytes(fields), assetId);
            Base64.Encoder b64 = Base64.getEncoder();
            return new SealedFields(key.keyId(), key.wrapped(), b64.encodeToString(nonce), b64.encodeToString(ct));
        } catch (JsonProcessingException e) {
            throw new KeyException("Cannot serialise protected fields", e);
        } finally {
            java.util.Arrays.fill(key.plaintext(), (byte) 0);
        }
    }

    public JsonNode open(String assetId, SealedFields sealed) {
        byte[] dataKey = keys.unwrap(sealed.keyId(), sealed.wrappedKey(), assetId);
        Base64.Decoder b64 = Base64.getDecoder();
        try {
            return Json.MAPPER.readTree(Aead.decrypt(dataKey, b64.decode(sealed.iv()), b64.decode(sealed.ciphertext()), assetId));
        } catch (IOException e) {
            throw new KeyException("Cannot read protected fields", e);
        } finally {
            java.util.Arrays.fill(dataKey, (byte) 0);
        }
    }
}
