package caravan.imports;

/**
 * One manifest line as stored: {@code source} is the normalised source (path or s3://bucket/key; a rejected line's
 * text as given), {@code sealedMetadata} the line's metadata sealed by {@link ImportSealing} (null: none).
 */
public record ImportItem(long seq, String importId, int line, String source, String externalId, String sealedMetadata,
                         ItemState state, String assetId, String errorCode, String reason, Double mediaSeconds,
                         Long fedAt, Long finishedAt) {
}
