package caravan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The local data layout under {@code CARAVAN_DATA}: {@code inbox/} (drop here), {@code work/<id>/} (the pipeline's
 * own copy while it works), {@code media/<id>/} (published HLS), {@code failed/} (rejected sources and reports),
 * {@code archive/<id>/} (sources of ready assets), and the database and key files.
 */
public record DataFolders(Path root) {

    public static DataFolders create(Path root) {
        DataFolders f = new DataFolders(root.toAbsolutePath().normalize());
        try {
            for (Path p : new Path[]{f.inbox(), f.work(), f.media(), f.failed(), f.archive()}) {
                Files.createDirectories(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folders under " + root, e);
        }
        return f;
    }

    public Path inbox() { return root.resolve("inbox"); }
    public Path work() { return root.resolve("work"); }
    public Path media() { return root.resolve("media"); }
    public Path failed() { return root.resolve("failed"); }
    public Path archive() { return root.resolve("archive"); }
    public Path database() { return root.resolve("caravan.db"); }

    public Path workDir(String assetId) { return work().resolve(assetId); }
    public Path source(String assetId) { return workDir(assetId).resolve("source"); }
    public Path sidecar(String assetId) { return workDir(assetId).resolve("sidecar.json"); }
    /** Caption files that came with the upload, under names of Caravan's own ({@code 01.en.vtt}). */
    public Path captions(String assetId) { return workDir(assetId).resolve("captions"); }
    public Path transcodeOutput(String assetId) { return workDir(assetId).resolve("hls"); }
    public Path progressFile(String assetId) { return workDir(assetId).resolve("progress.txt"); }
    public Path published(String assetId) { return media().resolve(assetId); }

    /** Deletes a folder and everything in it (links are removed, never followed). */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
