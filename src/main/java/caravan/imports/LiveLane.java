package caravan.imports;

import caravan.ingest.Sidecars;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaComponent;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Two lanes, live first: how many import items the pipeline may take now. None while a live upload waits (an asset
 * in the pipeline's queue, or a file in the inbox not taken yet); otherwise the workers not busy. An inbox file that
 * has waited longer than {@code holdMillis} (one Caravan cannot move in, or one still being copied for minutes) stops
 * holding the backlog back, so a stuck upload cannot stall an import.
 */
public final class LiveLane {
    static final String QUEUE = "pipeline";
    static final String WORKERS_ROUTE = "pipeline-queue";

    private final CamelContext context;
    private final Path inbox;
    private final int workers;
    private final long holdMillis;
    private final Clock clock;
    private final Map<Path, Long> firstSeen = new HashMap<>();

    public LiveLane(CamelContext context, Path inbox, int workers, long holdMillis, Clock clock) {
        this.context = context;
        this.inbox = inbox;
        this.workers = workers;
        this.holdMillis = holdMillis;
        this.clock = clock;
    }

    /** Workers free for the backlog right now: 0 while anything live waits. */
    public synchronized int freeWorkers() {
        if (queued() > 0 || liveUploadWaiting()) {
            return 0;
        }
        return Math.max(0, workers - context.getInflightRepository().size(WORKERS_ROUTE));
    }

    private int queued() {
        SedaComponent seda = context.getComponent("seda", SedaComponent.class);
        var ref = seda == null ? null : seda.getQueues().get(QUEUE);
        return ref == null ? 0 : ref.getQueue().size();
    }

    private boolean liveUploadWaiting() {
        long now = clock.millis();
        Set<Path> waiting = new HashSet<>();
        try {
            Files.walkFileTree(inbox, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(inbox) && dir.getFileName().toString().startsWith(".") ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && upload(file.getFileName().toString())) {
                        waiting.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            return false;
        }
        firstSeen.keySet().retainAll(waiting);
        boolean holding = false;
        for (Path p : waiting) {
            long since = firstSeen.computeIfAbsent(p, k -> now);
            holding |= now - since < holdMillis;
        }
        return holding;
    }

    /** A file the inbox takes as an upload (a partial upload under a temporary name is one too: it is on its way). */
    private static boolean upload(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.startsWith(".") && !Sidecars.isCompanion(lower);
    }
}
