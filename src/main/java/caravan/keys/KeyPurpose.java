package caravan.keys;

/**
 * What a ciphertext is for. It is part of the AES-GCM associated data, {@code caravan:v1:<purpose>:<assetId>[:<field>]},
 * so a ciphertext opens only in the slot it was made for: a sealed field not as another field, the data key that
 * seals an asset's fields not as its content key, and none of them for another asset.
 */
public enum KeyPurpose {
    /** The data key that seals an asset's protected fields (and a sidecar that could only be kept whole). */
    FIELDS_KEY("fields-key"),
    /** The data key an asset's HLS content key is derived from. */
    CONTENT_KEY("content-key"),
    /** A protected value, sealed with the fields key; always named by its field. */
    FIELD("field"),
    /** A sidecar kept whole in encrypted form, sealed with the fields key. */
    SIDECAR("sidecar"),
    /** The master key file's self-check after it was rewritten. */
    PROBE("probe");

    /**
     * Marks a stored value (wrapped key, sealed ciphertext) as bound this way. Values without it were written before
     * the binding, when the associated data was the bare asset id; only those are opened the old way.
     */
    public static final String MARK = "v1:";

    private final String label;

    KeyPurpose(String label) {
        this.label = label;
    }

    public String associatedData(String assetId) {
        return "caravan:v1:" + label + ":" + assetId;
    }

    public String associatedData(String assetId, String field) {
        return associatedData(assetId) + ":" + field;
    }

    /** True for a stored value written before purposes were bound (base64 has no ':', so it cannot carry the mark). */
    public static boolean isLegacy(String stored) {
        return !stored.startsWith(MARK);
    }

    public static String marked(byte[] value) {
        return MARK + java.util.Base64.getEncoder().encodeToString(value);
    }

    public static byte[] unmarked(String stored) {
        return java.util.Base64.getDecoder().decode(isLegacy(stored) ? stored : stored.substring(MARK.length()));
    }
}
