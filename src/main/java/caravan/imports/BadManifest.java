package caravan.imports;

/** The manifest as a whole cannot be read (no header, no line, an unknown type): answered 400 with this sentence. */
public final class BadManifest extends Exception {
    public BadManifest(String message) {
        super(message);
    }
}
