package caravan.ingest;

import org.apache.camel.component.file.GenericFile;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The caption pairing contract for the inbox: intake moves the captions beside a video, late pairing those dropped after. */
class InboxCaptionPairingTest extends CaptionPairingContract {
    @Override
    void upload(String name, String content) throws Exception {
        Path file = folders.inbox().resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Override
    List<String> take(String name) throws Exception {
        Path file = folders.inbox().resolve(name);
        GenericFile<File> offered = new GenericFile<>();
        offered.setFile(file.toFile());
        offered.setFileNameOnly(file.getFileName().toString());
        if (!new InboxFilter().accept(offered)) {
            return List.of();
        }
        return List.of(new Intake(folders, store, notifier, Clock.systemUTC()).accept(file.toString()));
    }

    @Override
    LatePairing pairing() {
        return new InboxLatePairing(folders, store, metadata, Clock.systemUTC(), 0);
    }
}
