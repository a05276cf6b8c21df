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
 * it is a real folder, no link among them, and its real path lies under the inbox's real path; a file counts only
 * if it is a regular file (not a link) in such a folder. Every move or read of an inbox file by name asks here just
 * before it happens; what is refused is left where it is and reported once as a warning, without its name.
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
                    return refused(folder, "Files were not taken from an inbox folder: a folder on the way to it is a link");
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
     * True if {@code file} is a regular file, not a link, in a folder that {@link #holdsFolderOf holds}; false
     * (silently) if it does not exist.
     */
    boolean holdsFile(Path file) {
        if (!holdsFolderOf(file)) {
            return false;
        }
        try {
            if (!Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
                return refused(file, "A " + kind(file) + " in the inbox was not taken: it is a link or not a regular file");
            }
            return true;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            return refused(file, "A " + kind(file) + " in the inbox was not taken: it cannot be checked (" + e.getClass().getSimpleName() + ")");
        }
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

    private static String kind(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        if (Sidecars.isSidecar(name)) {
            return "sidecar";
        }
        return CaptionFiles.isCaption(name) ? "caption file" : "file";
    }
}
