package caravan.cost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.stream.Stream;

/** Sizes of files on disk: a folder's (what is kept), the files written in it since a moment (what a process wrote). */
public final class FolderSizes {
    private FolderSizes() {
    }

    /** The bytes of every regular file under {@code path} (or of the file itself); 0 if there is nothing. */
    public static long of(Path path) {
        return since(path, Instant.EPOCH);
    }

    /**
     * The bytes of the regular files under {@code path} last modified at or after {@code since}: what a process
     * started at {@code since} left there (a file it rewrote counts once, at its final size).
     */
    public static long since(Path path, Instant since) {
        if (path == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        // modification times are kept to the millisecond or better; a file written in the same millisecond
        // the process started counts as its (nothing else of the asset's runs then)
        long from = since.toEpochMilli();
        try (Stream<Path> files = Files.walk(path)) {
            return files.mapToLong(f -> {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    return a.isRegularFile() && a.lastModifiedTime().toMillis() >= from ? a.size() : 0;
                } catch (IOException e) {
                    return 0; // removed while we looked
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
