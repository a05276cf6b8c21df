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
 * the 16-byte content keys (one, or one per N segments when keys rotate) are derived from it with HMAC-SHA256, so
 * they exist in clear only while ffmpeg encrypts and while the key server answers an authorised player.
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
        return contentKey(assetId, 0);
    }

    /**
     * The asset's content key number {@code index} (keys rotate every N segments; 0 is the first, and the only one
     * when they do not), creating its data key on first use.
     */
    public byte[] contentKey(String assetId, int index) {
        Asset asset = store.find(assetId).orElseThrow(() -> new IllegalArgumentException("No asset " + assetId));
        WrappedKey wrapped = asset.getContentKey();
        byte[] dataKey;
        if (wrapped == null) {
            // two passes of one asset may start at once (the chunks of a split-and-stitch run): the first key stored wins
            KeyProvider.DataKey fresh = keys.newDataKey(assetId, KeyPurpose.CONTENT_KEY);
            WrappedKey mine = new WrappedKey(fresh.keyId(), fresh.wrapped());
            WrappedKey stored = store.update(assetId, a -> {
                if (a.getContentKey() == null) {
                    a.setContentKey(mine);
                }
            }).getContentKey();
            if (mine.equals(stored)) {
                dataKey = fresh.plaintext();
            } else {
                Arrays.fill(fresh.plaintext(), (byte) 0);
                dataKey = keys.unwrap(stored.keyId(), stored.wrapped(), assetId, KeyPurpose.CONTENT_KEY);
            }
        } else {
            dataKey = keys.unwrap(wrapped.keyId(), wrapped.wrapped(), assetId, KeyPurpose.CONTENT_KEY);
        }
        try {
            return derive(dataKey, index);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Only for assets that already have one: the key server never creates keys. */
    public byte[] existingContentKey(Asset asset) {
        return existingContentKey(asset, 0);
    }

    /** Content key number {@code index} of an asset that already has its data key. */
    public byte[] existingContentKey(Asset asset, int index) {
        byte[] dataKey = keys.unwrap(asset.getContentKey().keyId(), asset.getContentKey().wrapped(), asset.getId(), KeyPurpose.CONTENT_KEY);
        try {
            return derive(dataKey, index);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The asset's common-encryption ({@code cenc}) content key for CMAF, creating its data key on first use. Derived
     * under its own label: a player given the HLS AES-128 key learns nothing of it, nor the other way round.
     */
    public byte[] cencKey(String assetId) {
        contentKey(assetId, 0); // creates the data key if the asset has none yet
        return existingCencKey(store.find(assetId).orElseThrow());
    }

    /** The cenc content key of an asset that already has its data key (the licence server never creates keys). */
    public byte[] existingCencKey(Asset asset) {
        return derived(asset, CENC_KEY);
    }

    /**
     * The cenc key ID (KID) of an asset that already has its data key: public (it is written in the init segments and
     * the manifests), derived under its own label so it tells nothing of the key.
     */
    public byte[] cencKeyId(Asset asset) {
        return derived(asset, CENC_KEY_ID);
    }

    private static final String CENC_KEY = "caravan cmaf cenc content key";
    private static final String CENC_KEY_ID = "caravan cmaf cenc key id";

    private byte[] derived(Asset asset, String label) {
        byte[] dataKey = keys.unwrap(asset.getContentKey().keyId(), asset.getContentKey().wrapped(), asset.getId(), KeyPurpose.CONTENT_KEY);
        try {
            return hmac(dataKey, label);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Key 0 keeps the label every published asset was encrypted with; key n > 0 has its own label, so a player given
     * one key (HMAC is one-way) learns nothing of the others.
     */
    static byte[] derive(byte[] dataKey, int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Content key index " + index);
        }
        return hmac(dataKey, "caravan hls aes-128 content key" + (index == 0 ? "" : " " + index));
    }

    private static byte[] hmac(byte[] dataKey, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(dataKey, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(label.getBytes(StandardCharsets.US_ASCII)), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
