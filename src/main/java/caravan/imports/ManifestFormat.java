package caravan.imports;

import java.util.Locale;
import java.util.Optional;

/** The two shapes of an import manifest, told apart by the request's Content-Type (or the file's name, in the CLI). */
public enum ManifestFormat {
    /** {@code text/csv}: a header {@code source,external_id,metadata}, then one source a line (RFC 4180 quoting). */
    CSV("text/csv"),
    /** {@code application/x-ndjson}: one JSON object a line, keys {@code source}, {@code externalId}, {@code metadata}. */
    JSON_LINES("application/x-ndjson");

    private final String mediaType;

    ManifestFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<ManifestFormat> ofContentType(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "text/csv" -> Optional.of(CSV);
            case "application/x-ndjson", "application/jsonl", "application/jsonlines" -> Optional.of(JSON_LINES);
            default -> Optional.empty();
        };
    }

    /** By the manifest file's name: {@code .jsonl} or {@code .ndjson} are JSON Lines, anything else CSV. */
    public static ManifestFormat ofFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".jsonl") || n.endsWith(".ndjson") ? JSON_LINES : CSV;
    }
}
