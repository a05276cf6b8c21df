package caravan.ingest;

import caravan.poll.WakeablePoll;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Event-driven inbox watching: the inbox consumer polls when the file system reports a change in the inbox or any
 * folder under it (inotify on Linux), not on a timer; the timer ({@code caravan.ingest.pollMillis}) only backs it
 * up. Links to folders are not watched, as they are not walked.
 */
public final class InboxWatch extends WakeablePoll {
    private static final Logger LOG = LoggerFactory.getLogger(InboxWatch.class);

    private final Path inbox;
    private WatchService watcher;

    public InboxWatch(Path inbox, long fallbackMillis) {
        super("inbox", fallbackMillis);
        this.inbox = inbox;
    }

    @Override
    protected void schedulerStarted() {
        try {
            watcher = inbox.getFileSystem().newWatchService();
            watchTree(inbox);
        } catch (IOException e) {
            LOG.warn("The inbox cannot be watched for changes ({}); it is scanned on the timer only", e.getMessage());
            return;
        }
        Thread thread = new Thread(this::watch, "Caravan inbox watch");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    protected void schedulerStopping() {
        try {
            if (watcher != null) {
                watcher.close();
            }
        } catch (IOException ignored) {
            // closing only ends the watch thread
        }
    }

    private void watch() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException stopped) {
                return;
            }
            Path folder = (Path) key.watchable();
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE
                        && Files.isDirectory(folder.resolve((Path) event.context()), LinkOption.NOFOLLOW_LINKS)) {
                    watchTree(folder.resolve((Path) event.context()));
                }
            }
            key.reset();
            wake();
        }
    }

    private void watchTree(Path top) {
        try {
            Files.walkFileTree(top, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | ClosedWatchServiceException e) {
            LOG.debug("Not watching {}: {}", top, e.getMessage());
        }
    }
}
