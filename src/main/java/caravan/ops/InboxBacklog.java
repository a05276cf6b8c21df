package caravan.ops;

import caravan.ingest.Sidecars;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicLong;

/** Files in the inbox that Caravan will take: not hidden, not partial uploads, not sidecars (they travel along). */
final class InboxBacklog {
    private InboxBacklog() {
    }

    static long count(Path inbox) {
        AtomicLong n = new AtomicLong();
        try {
            Files.walkFileTree(inbox, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(inbox) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (waiting(file)) {
                        n.incrementAndGet();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return n.get();
    }

    static boolean waiting(Path file) {
        String lower = file.getFileName().toString().toLowerCase();
        return !hidden(file) && !lower.endsWith(".part") && !lower.endsWith(".tmp") && !lower.endsWith(".crdownload")
                && !Sidecars.isCompanion(lower);
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }
}
