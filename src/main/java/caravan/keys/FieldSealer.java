package caravan.keys;

import caravan.asset.Json;
import caravan.asset.SealedFields;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encrypts an asset's protected sidecar fields with a fresh data key, and opens them again for an authorised reader.
 * The ciphertext is bound to the asset and the field it was sealed for ({@link KeyPurpose#FIELD}), its data key to
 * the purpose of sealing fields ({@link KeyPurpose#FIELDS_KEY}). Values sealed before that binding (no
 * {@link KeyPurpose#MARK}) open with the asset id alone, and a key rotation re-seals them in the bound form.
 */
public final class FieldSealer {
    /** The field the sidecar's protected values are sealed under ({@code Asset.sealed}). */
    public static final String SENSITIVE = "sensitive";

    private final KeyProvider keys;

    public FieldSealer(KeyProvider keys) {
        this.keys = keys;
    }

    public SealedFields seal(String assetId, JsonNode fields) {
        return seal(assetId, SENSITIVE, fields);
    }

    public JsonNode open(String assetId, SealedFields sealed) {
        return open(assetId, SENSITIVE, sealed);
    }

    public SealedFields seal(String assetId, String field, JsonNode value) {
        KeyProvider.DataKey key = keys.newDataKey(assetId, KeyPurpose.FIELDS_KEY);
        byte[] nonce = Aead.nonce();
        try {
            byte[] ct = Aead.encrypt(key.plaintext(), nonce, Json.MAPPER.writeValueAsBytes(value), KeyPurpose.FIELD.associatedData(assetId, field));
            return new SealedFields(key.keyId(), key.wrapped(), Base64.getEncoder().encodeToString(nonce), KeyPurpose.marked(ct));
        } catch (JsonProcessingException e) {
            throw new KeyException("Cannot serialise protected fields", e);
        } finally {
            Arrays.fill(key.plaintext(), (byte) 0);
        }
    }

    public JsonNode open(String assetId, String field, SealedFields sealed) {
        byte[] dataKey = keys.unwrap(sealed.keyId(), sealed.wrappedKey(), assetId, KeyPurpose.FIELDS_KEY);
        try {
            return Json.MAPPER.readTree(decrypt(dataKey, assetId, field, sealed));
        } catch (IOException e) {
            throw new KeyException("Cannot read protected fields", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The same sealed value with its data key wrapped by the current master key version, and a ciphertext from before
     * the binding re-sealed in the bound form. The data key itself stays, so whatever else it sealed still opens.
     */
    public SealedFields rewrapped(String assetId, SealedFields sealed) {
        KeyProvider.Rewrapped r = keys.rewrap(sealed.keyId(), sealed.wrappedKey(), assetId, KeyPurpose.FIELDS_KEY);
        if (!KeyPurpose.isLegacy(sealed.ciphertext())) {
            return new SealedFields(r.keyId(), r.wrapped(), sealed.iv(), sealed.ciphertext());
        }
        byte[] dataKey = keys.unwrap(r.keyId(), r.wrapped(), assetId, KeyPurpose.FIELDS_KEY);
        byte[] plain = null;
        try {
            plain = decrypt(dataKey, assetId, SENSITIVE, sealed);
            byte[] nonce = Aead.nonce();
            byte[] ct = Aead.encrypt(dataKey, nonce, plain, KeyPurpose.FIELD.associatedData(assetId, SENSITIVE));
            return new SealedFields(r.keyId(), r.wrapped(), Base64.getEncoder().encodeToString(nonce), KeyPurpose.marked(ct));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** Seals a whole sidecar (any size, streamed) with the data key of the asset's {@code sealed} fields. */
    public void sealSidecar(String assetId, SealedFields sealed, InputStream in, OutputStream out) throws IOException {
        byte[] dataKey = keys.unwrap(sealed.keyId(), sealed.wrappedKey(), assetId, KeyPurpose.FIELDS_KEY);
        try {
            SealedStream.seal(dataKey, KeyPurpose.SIDECAR.associatedData(assetId), in, out);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Opens what {@link #sealSidecar} sealed; on a {@link KeyException} discard what was written to {@code out}. */
    public void openSidecar(String assetId, SealedFields sealed, InputStream in, OutputStream out) throws IOException {
        byte[] dataKey = keys.unwrap(sealed.keyId(), sealed.wrappedKey(), assetId, KeyPurpose.FIELDS_KEY);
        try {
            SealedStream.open(dataKey, KeyPurpose.SIDECAR.associatedData(assetId), in, out);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    private static byte[] decrypt(byte[] dataKey, String assetId, String field, SealedFields sealed) {
        String aad = KeyPurpose.isLegacy(sealed.ciphertext()) ? assetId : KeyPurpose.FIELD.associatedData(assetId, field);
        try {
            return Aead.decrypt(dataKey, Base64.getDecoder().decode(sealed.iv()), KeyPurpose.unmarked(sealed.ciphertext()), aad);
        } catch (IllegalArgumentException e) {
            throw new KeyException("The sealed fields are damaged (not base64)");
        }
    }
}
