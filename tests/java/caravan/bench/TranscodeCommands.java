package caravan.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records the exact argument list of every transcode Caravan runs under one data folder, read from the running
 * ffmpeg process itself (/proc/PID/cmdline), so the baseline is the very command Caravan ran, side outputs included.
 */
final class TranscodeCommands implements AutoCloseable {
    private final String marker;
    private final long periodMillis;
    private final Map<Long, List<String>> seen = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    /** Looks every {@code periodMillis}: short to time a start, longer where the scan's own CPU would count. */
    TranscodeCommands(Path data, long periodMillis) {
        this.periodMillis = periodMillis;
        marker = "file:" + data.resolve("work").toAbsolutePath();
        thread = new Thread(this::watch, "bench transcode commands");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            ProcessHandle.allProcesses().forEach(p -> arguments(p.pid()).ifPresent(list -> {
                if (list.contains("-master_pl_name") && list.stream().anyMatch(a -> a.startsWith(marker))) {
                    // the process starts as /usr/bin/env LD_LIBRARY_PATH=... ffmpeg, then becomes ffmpeg
                    int first = list.indexOf("-nostdin");
                    if (first >= 0) {
                        synchronized (seen) {
                            seen.putIfAbsent(p.pid(), List.copyOf(list.subList(first, list.size())));
                        }
                    }
                }
            }));
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * The process's arguments from /proc/PID/cmdline (NUL-separated), without the program itself. Not
     * {@code ProcessHandle.Info.arguments()}: it came back empty for Caravan's long ffmpeg command lines.
     */
    private static java.util.Optional<List<String>> arguments(long pid) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> all = Arrays.asList(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
            return all.size() < 2 ? java.util.Optional.empty() : java.util.Optional.of(all.subList(1, all.size()));
        } catch (java.io.IOException | RuntimeException gone) {
            return java.util.Optional.empty();
        }
    }

    /** The commands seen so far, in the order their processes were found. */
    List<List<String>> all() {
        synchronized (seen) {
            return new ArrayList<>(seen.values());
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
