package caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * When the ffmpeg of each split-and-stitch work item started: every 50 ms, the processes below a Caravan whose working
 * folder is an item's folder ({@code work/<asset>/chunks/chunk_0003} or {@code .../chunks/audio}, where Caravan runs the
 * item's ffmpeg), with the moment each was first seen (within 50 ms of its start). An item keeps its first start (the
 * bench has no redeliveries; a later process in its folder is not its encode).
 */
final class ItemProcesses implements AutoCloseable {
    private final long caravan;
    private final Map<String, Instant> starts = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    ItemProcesses(long caravanPid) {
        this.caravan = caravanPid;
        thread = new Thread(this::watch, "bench item processes");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            ProcessHandle.of(caravan).ifPresent(app -> app.descendants().forEach(p -> {
                try {
                    Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
                    String item = cwd.getFileName().toString();
                    // first seen, not the kernel's start time: Java dates that from the boot time in whole seconds
                    Instant start = Instant.now();
                    if (cwd.getParent() != null && cwd.getParent().getFileName().toString().equals("chunks")
                            && (item.matches("chunk_\\d{4}") || item.equals("audio"))) {
                        synchronized (starts) {
                            starts.merge(item, start, (a, b) -> a.isBefore(b) ? a : b);
                        }
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process has ended, or is not ours to read
                }
            }));
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Item folder name → the start of its first ffmpeg process. */
    Map<String, Instant> starts() {
        synchronized (starts) {
            return Map.copyOf(starts);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
