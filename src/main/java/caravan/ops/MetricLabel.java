package caravan.ops;

import java.util.Locale;

/**
 * Label values in Prometheus's usual shape, snake_case: {@code READY} becomes {@code ready},
 * {@code UNREADABLE_MEDIA} {@code unreadable_media}, {@code TranscodeFailed} {@code transcode_failed},
 * {@code given-up} {@code given_up}. Every label value Caravan's metrics carry goes through here, so a dashboard or
 * alert can rely on one spelling.
 */
public final class MetricLabel {
    private MetricLabel() {
    }

    public static String snake(String value) {
        if (value == null || value.isBlank()) {
            return "unknown";
        }
        String words = value.trim()
                .replaceAll("([a-z0-9])([A-Z])", "$1_$2")       // camelCase and PascalCase word boundaries
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")    // an acronym before a word: IOException -> IO_Exception
                .replaceAll("[^A-Za-z0-9]+", "_");
        return words.replaceAll("^_+|_+$", "").toLowerCase(Locale.ROOT);
    }
}
