package caravan.uploads;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Puts a finished upload into the inbox so that the inbox route takes it as any dropped file: the sidecar first, then
 * the video, each appearing whole in one rename (never half-written under its final name). The name is the caller's;
 * when the inbox already holds that name (or its sidecar's), {@code name (2).ext}, {@code name (3).ext}, ... as a
 * browser's downloads do. When the inbox is on another file system the file is copied under a hidden name in the
 * inbox first (the inbox never takes hidden files), then renamed.
 */
final class InboxLanding {
    private final Path inbox;

    InboxLanding(Path inbox) {
        this.inbox = inbox;
    }

    /** The name {@code name} takes in the inbox: its own, or the first {@code name (n).ext} free with its sidecar's. */
    synchronized String choose(String name) throws IOException {
        String stem = UploadName.stem(name);
        String extension = name.substring(name.lastIndexOf('.'));
        Set<String> taken = takenNames();
        String chosen = stem;
        for (int n = 2; taken.contains((chosen + extension).toLowerCase(Locale.ROOT))
                || taken.contains((chosen + ".json").toLowerCase(Locale.ROOT)); n++) {
            chosen = stem + " (" + n + ")";
        }
        return chosen + extension;
    }

    /** Moves {@code sidecar} into the inbox as the sidecar of {@code chosen} (a name from {@link #choose}). */
    void landSidecar(String chosen, Path sidecar) throws IOException {
        moveIn(sidecar, chosen.substring(0, chosen.lastIndexOf('.')) + ".json");
    }

    /** Moves {@code video} into the inbox as {@code chosen}, where the inbox takes it. */
    void landVideo(String chosen, Path video) throws IOException {
        moveIn(video, chosen);
    }

    private Set<String> takenNames() throws IOException {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private void moveIn(Path from, String name) throws IOException {
        Path to = inbox.resolve(name);
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherFileSystem) {
            Path hidden = inbox.resolve("." + name + ".landing");
            Files.copy(from, hidden, StandardCopyOption.REPLACE_EXISTING);
            Files.move(hidden, to, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(from);
        }
    }
}
