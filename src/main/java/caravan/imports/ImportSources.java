package caravan.imports;

import java.nio.file.Path;

/** A stored line's source ({@link ImportSource#key()}) back as a source. */
final class ImportSources {
    private ImportSources() {
    }

    static ImportSource of(String key) {
        if (key.startsWith("s3://")) {
            String rest = key.substring(5);
            int slash = rest.indexOf('/');
            return ImportSource.s3(key, rest.substring(0, slash), rest.substring(slash + 1));
        }
        return ImportSource.local(key, Path.of(key));
    }
}
