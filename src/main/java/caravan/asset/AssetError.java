package caravan.asset;

/** Why an asset failed: a stable code for machines, a sentence for people, and how many attempts were made. */
public record AssetError(String code, String message, int attempts) {
}
