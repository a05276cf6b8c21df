package caravan.asset;

/** What the user dropped: the name as given (relative to the inbox), its size and content hash. */
public record SourceFile(String name, long size, String sha256) {
    public SourceFile withSha256(String hash) {
        return new SourceFile(name, size, hash);
    }
}
