package caravan.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Puts a file into the inbox the way Caravan expects a careful uploader to: copied under a hidden temporary name
 * ({@code .<name>.part}, which the inbox watcher ignores), flushed to disk, then renamed in one step, so Caravan never
 * sees half a file, and a copy that fails leaves nothing behind. Big files report their progress.
 */
final class InboxCopy {
    private static final long CHUNK = 8L << 20;
    private final Path inbox;
    private final PrintStream progress;

    InboxCopy(Path inbox, PrintStream progress) {
        this.inbox = inbox;
        this.progress = progress;
    }

    /** Copies {@code file} into the inbox under its own name; returns the name it has there. */
    Path copy(Path file) throws CliFailure {
        if (!Files.isRegularFile(file)) {
            throw new CliFailure(file + " is not a file.");
        }
        if (!Files.isDirectory(inbox, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliFailure("There is no inbox folder at " + inbox + ": set CARAVAN_DATA to Caravan's data folder.");
        }
        String name = file.getFileName().toString();
        if (name.startsWith(".")) {
            throw new CliFailure(name + " starts with a dot; the inbox ignores hidden files. Rename it first.");
        }
        Path target = inbox.resolve(name);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliFailure("A file named " + name + " is already waiting in the inbox; rename yours or wait until it is taken.");
        }
        Path part = inbox.resolve("." + name + ".part");
        try {
            long size = Files.size(file);
            try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long done = 0;
                int shown = -1;
                while (done < size) {
                    long n = in.transferTo(done, Math.min(CHUNK, size - done), out);
                    if (n <= 0) {
                        throw new IOException("the source ended early");
                    }
                    done += n;
                    int percent = (int) (done * 100 / size);
                    if (size > 4 * CHUNK && percent / 10 != shown) {
                        shown = percent / 10;
                        progress.printf("  %s: %d%% (%s of %s)%n", name, percent, Sizes.human(done), Sizes.human(size));
                    }
                }
                out.force(true);
            }
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the inbox cannot rename atomically", e);
            }
            syncFolder();
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // nothing more to do: the hidden part file is ignored by the inbox anyway
            }
            throw new CliFailure("Could not copy " + name + " into the inbox: " + e.getMessage() + ".");
        }
    }

    // the rename itself survives a crash only once the folder is flushed too
    private void syncFolder() {
        try (FileChannel dir = FileChannel.open(inbox, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a folder for syncing; the file itself is already on disk
        }
    }
}
