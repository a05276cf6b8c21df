package caravan.ops.health;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The inbox is a folder Caravan can list. */
public final class InboxCheck extends DependencyCheck {
    private final Path inbox;

    public InboxCheck(Path inbox) {
        super("caravan-inbox");
        this.inbox = inbox;
    }

    @Override
    protected String problem() {
        if (!Files.isDirectory(inbox)) {
            return "The inbox " + inbox + " is not a folder" + (Files.exists(inbox) ? "" : " (it does not exist)");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(inbox)) {
            entries.iterator().hasNext();
            return null;
        } catch (IOException | RuntimeException e) {
            return "The inbox " + inbox + " cannot be read: " + e.getMessage();
        }
    }
}
