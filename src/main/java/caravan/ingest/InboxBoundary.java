package caravan.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a file named in the inbox really lies in the inbox. A name is not enough: a folder of the inbox can be
 * swapped for a link after its video was taken, and a path through it then leads anywhere on the machine (another
 * upload's kept sidecar under {@code failed/}, say). So a folder counts only if every folder from the inbox down to
 * it is a real folder, no link among them, and its real path lies under the inbox's real path. Every move or read
 * of an inbox file by name asks here just before it happens; what is refused is left where it is and reported once
 * as a warning, without its name.
 */
final class InboxBoundary {
    private static final Logger LOG = LoggerFactory.getLogger(InboxBoundary.class);
    private static final int MAX_REPORTED = 1000;

    private final Path inbox;
    private final Set<Path> reported = ConcurrentHashMap.newKeySet();

    InboxBoundary(Path inbox) {
        this.inbox = inbox.toAbsolutePath().normalize();
    }

    /** True if the folder holding {@code file} is the inbox or a real folder under it; false if it is missing. */
    boolean holdsFolderOf(Path file) {
        Path folder = file.toAbsolutePath().normalize().getParent();
        if (folder == null || !folder.startsWith(inbox)) {
            return refused(file, "Files were not taken from a folder outside the inbox");
        }
        try {
            Path step = inbox;
            for (Path name : inbox.relativize(folder)) {
                step = step.resolve(name);
                if (!Files.readAttributes(step, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory()) {
                    return refused(folder, "Files were not taken from an inbox folder: a folder on the way to it is a link or not a folder");
                }
            }
            if (!folder.toRealPath().startsWith(inbox.toRealPath())) {
                return refused(folder, "Files were not taken from an inbox folder: it lies outside the inbox");
            }
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            return refused(folder, "Files were not taken from an inbox folder that cannot be checked (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * True if {@code file} exists (as whatever kind of entry: a link or a pipe is left to the stage that reads it,
     * which refuses it with a code) in a folder the inbox {@link #holdsFolderOf holds}; false if it does not exist.
     */
    boolean holds(Path file) {
        return holdsFolderOf(file) && Files.exists(file, LinkOption.NOFOLLOW_LINKS);
    }

    /** Warns once per path; the path itself is not logged, as a file or folder name can carry protected data. */
    private boolean refused(Path path, String what) {
        if (reported.size() > MAX_REPORTED) {
            reported.clear();
        }
        if (reported.add(path.toAbsolutePath().normalize())) {
            LOG.warn("{}; left where it is", what);
        }
        return false;
    }
}
