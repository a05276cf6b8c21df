package caravan.ffmpeg;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one external program under a time limit it cannot escape: its output and error output are read while it runs,
 * each into a bounded buffer (the first bytes of the output, the last bytes of the error output, where ffmpeg says
 * why it stopped), so neither a chatty program nor a silent one blocks the caller. When the limit passes, the program
 * and everything it started get SIGTERM, and SIGKILL {@link #GRACE_MILLIS} later if they are still there.
 * Interrupting the caller stops the program the same way. While it runs, its CPU time is read every
 * {@link CpuClock#SAMPLE_MILLIS} ms ({@link CpuClock} says why), for the asset's cost.
 */
public final class BoundedProcess {
    /** How long a program has between SIGTERM and SIGKILL. */
    public static final long GRACE_MILLIS = 3_000;
    public static final int MAX_STDOUT_BYTES = 16 << 20;
    public static final int MAX_STDERR_BYTES = 1 << 20;

    private final List<String> command;
    private final Path workingDir;
    private final long limitMillis;
    private final InputStream input;

    /**
     * How the program ended; {@code timedOut}: it was stopped at the time limit (its exit value is then 128 + the
     * signal's number, or -1 if it had not yet died).
     */
    public record Result(int exitValue, byte[] stdout, byte[] stderr, boolean timedOut, boolean truncated, ProcessUsage usage) {
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }
    }

    public BoundedProcess(List<String> command, Path workingDir, long limitMillis, InputStream input) {
        if (limitMillis <= 0) {
            throw new IllegalArgumentException("A time limit is required, got " + limitMillis + " ms");
        }
        this.command = List.copyOf(command);
        this.workingDir = workingDir;
        this.limitMillis = limitMillis;
        this.input = input;
    }

    public static Result run(List<String> command, long limitMillis) throws IOException, InterruptedException {
        return new BoundedProcess(command, null, limitMillis, null).run();
    }

    public Result run() throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDir != null) {
            builder.directory(workingDir.toFile());
        }
        java.time.Instant started = java.time.Instant.now();
        long startNanos = System.nanoTime();
        Process process = builder.start();
        Capture out = Capture.head(process.getInputStream(), MAX_STDOUT_BYTES, "out", process.pid());
        Capture err = Capture.tail(process.getErrorStream(), MAX_STDERR_BYTES, "err", process.pid());
        feed(process);
        boolean timedOut;
        double cpu = 0;
        try {
            long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(limitMillis);
            boolean ended = false;
            while (!ended && System.nanoTime() < deadline) {
                cpu = Math.max(cpu, CpuClock.read(process.pid()).orElse(cpu));
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                ended = process.waitFor(Math.max(1, Math.min(CpuClock.SAMPLE_MILLIS, left)), TimeUnit.MILLISECONDS);
            }
            timedOut = !ended;
            if (timedOut) {
                stop(process);
            }
        } catch (InterruptedException e) {
            stop(process);
            throw e;
        }
        double wall = (System.nanoTime() - startNanos) / 1e9;
        // a grandchild that outlived the program may hold its pipes open: what was read by now is what there is
        out.await(GRACE_MILLIS);
        err.await(GRACE_MILLIS);
        int exitValue = process.isAlive() ? -1 : process.exitValue();
        byte[] errBytes = err.bytes();
        // both are lower bounds (-benchmark counts from the start of ffmpeg's transcoding, not of the process)
        double measured = Math.max(cpu, CpuClock.benchmarkSeconds(new String(errBytes, StandardCharsets.UTF_8)).orElse(0));
        return new Result(exitValue, out.bytes(), errBytes, timedOut, out.truncated() || err.truncated(),
                new ProcessUsage(measured, wall, started));
    }

    /**
     * SIGTERM to the program and its descendants; SIGKILL to whatever is left after the grace period (at once if the
     * caller is interrupted meanwhile: the program is stopped either way, and the interrupt kept for the caller).
     */
    static void stop(Process process) {
        // the program first, so that it ends by the signal and not by seeing its children end; the descendants listed
        // before it dies, while they are still known as its own
        List<ProcessHandle> tree = new ArrayList<>(List.of(process.toHandle()));
        tree.addAll(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        boolean interrupted = false;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MILLIS);
        while (!interrupted && System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (process.isAlive()) {
            process.descendants().forEach(tree::add); // started during the grace period
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS); // SIGKILL cannot be ignored; only a stuck kernel call delays it
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void feed(Process process) {
        if (input == null) {
            closeQuietly(process.getOutputStream());
            return;
        }
        Thread feeder = new Thread(() -> {
            try (OutputStream stdin = process.getOutputStream(); InputStream in = input) {
                in.transferTo(stdin);
            } catch (IOException e) {
                // the program stopped reading: it has what it wanted
            }
        }, "process-in-" + process.pid());
        feeder.setDaemon(true);
        feeder.start();
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // nothing to close
        }
    }

    /** Reads one stream to its end on its own thread, keeping at most {@code max} bytes: the first, or the last. */
    private static final class Capture implements Runnable {
        private final InputStream in;
        private final int max;
        private final boolean keepTail;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;
        private boolean truncated;

        private Capture(InputStream in, int max, boolean keepTail, String name, long pid) {
            this.in = in;
            this.max = max;
            this.keepTail = keepTail;
            this.thread = new Thread(this, "process-" + name + "-" + pid);
            thread.setDaemon(true);
            thread.start();
        }

        static Capture head(InputStream in, int max, String name, long pid) {
            return new Capture(in, max, false, name, pid);
        }

        static Capture tail(InputStream in, int max, String name, long pid) {
            return new Capture(in, max, true, name, pid);
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    append(chunk, n);
                }
            } catch (IOException e) {
                // the stream was closed under us: keep what was read
            }
        }

        private synchronized void append(byte[] chunk, int n) {
            if (!keepTail) {
                int room = max - buffer.size();
                buffer.write(chunk, 0, Math.max(0, Math.min(room, n)));
                truncated |= n > room;
                return;
            }
            buffer.write(chunk, 0, n);
            if (buffer.size() > 2 * max) {
                byte[] all = buffer.toByteArray();
                buffer.reset();
                buffer.write(all, all.length - max, max);
                truncated = true;
            }
        }

        void await(long millis) throws InterruptedException {
            thread.join(millis);
        }

        synchronized byte[] bytes() {
            byte[] all = buffer.toByteArray();
            if (all.length <= max) {
                return all;
            }
            truncated = true;
            return java.util.Arrays.copyOfRange(all, all.length - max, all.length);
        }

        synchronized boolean truncated() {
            return truncated;
        }
    }
}
