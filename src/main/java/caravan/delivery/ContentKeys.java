package caravan.delivery;

import caravan.asset.Asset;
import caravan.asset.WrappedKey;
import caravan.keys.KeyProvider;
import caravan.keys.KeyPurpose;
import caravan.store.AssetStore;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Each asset's HLS AES-128 content key. The asset gets a data key from the {@link KeyProvider} (stored only wrapped,
 * bound to {@link KeyPurpose#CONTENT_KEY} so the data key of its sealed fields cannot stand in for it);
 * the 16-byte content key is derived from it with HMAC-SHA256, so it exists in clear only while ffmpeg encrypts
 * and while the key server answers an authorised player.
 */
public final class ContentKeys {
    private final AssetStore store;
    private final KeyProvider keys;

    public ContentKeys(AssetStore store, KeyProvider keys) {
        this.store = store;
        this.keys = keys;
    }

    /** The asset's content key, creating its data key on first use. */
    public byte[] contentKey(String assetId) {
        Asset asset = store.find(assetId).orElseThrow(() -> new IllegalArgumentException("No asset " + assetId));
        WrappedKey wrapped = asset.getContentKey();
        byte[] dataKey;
        if (wrapped == null) {
            KeyProvider.DataKey fresh = keys.newDataKey(assetId, KeyPurpose.CONTENT_KEY);
            dataKey = fresh.plaintext();
            store.update(assetId, a -> a.setContentKey(new WrappedKey(fresh.keyId(), fresh.wrapped())));
        } else {
            dataKey = keys.unwrap(wrapped.keyId(), wrapped.wrapped(), assetId, KeyPurpose.CONTENT_KEY);
        }
        try {
            return derive(dataKey);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Only for assets that already have one: the key server never creates keys. */
    public byte[] existingContentKey(Asset asset) {
        byte[] dataKey = keys.unwrap(asset.getContentKey().keyId(), asset.getContentKey().wrapped(), asset.getId(), KeyPurpose.CONTENT_KEY);
        try {
            return derive(dataKey);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    static byte[] derive(byte[] dataKey) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(dataKey, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal("caravan hls aes-128 content key".getBytes(StandardCharsets.US_ASCII)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
