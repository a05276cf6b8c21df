package caravan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** How many files wait in the inbox (hidden names, uploads in progress, are not counted). */
final class InboxBacklog {
    private InboxBacklog() {
    }

    static String describe(Path inbox) {
        if (!Files.isDirectory(inbox)) {
            return "unknown (no inbox folder in CARAVAN_DATA, now " + inbox.getParent() + ")";
        }
        try (Stream<Path> files = Files.walk(inbox)) {
            long waiting = files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
            return waiting == 0 ? "empty" : waiting + " file" + (waiting == 1 ? "" : "s") + " waiting to be taken";
        } catch (IOException e) {
            return "unknown (the inbox folder cannot be read)";
        }
    }
}
