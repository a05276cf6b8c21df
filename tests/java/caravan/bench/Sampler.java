package caravan.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples, every {@code periodMillis} while it runs: the machine's CPU utilisation (all cores, from /proc/stat) and
 * the resident set of one process (VmRSS from /proc/PID/status). Its peak is the kernel's own VmHWM.
 */
final class Sampler implements AutoCloseable {
    private final long pid;
    private final long periodMillis;
    private final long start = System.nanoTime();
    private final List<double[]> cpu = new ArrayList<>();
    private final List<double[]> rssMiB = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long peakRssKiB;

    Sampler(long pid, long periodMillis) {
        this.pid = pid;
        this.periodMillis = periodMillis;
        thread = new Thread(this::run, "bench sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long[] last = cpuTicks();
        while (running) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            double t = seconds();
            long[] now = cpuTicks();
            long total = now[0] - last[0];
            long idle = now[1] - last[1];
            last = now;
            synchronized (this) {
                if (total > 0) {
                    cpu.add(new double[] {t, 100.0 * (total - idle) / total});
                }
                long rss = statusKiB("VmRSS:");
                if (rss > 0) {
                    rssMiB.add(new double[] {t, rss / 1024.0});
                }
                long hwm = statusKiB("VmHWM:");
                if (hwm > peakRssKiB) {
                    peakRssKiB = hwm;
                }
            }
        }
    }

    double seconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    synchronized List<double[]> cpuPercent() {
        return List.copyOf(cpu);
    }

    synchronized List<double[]> rssMiB() {
        return List.copyOf(rssMiB);
    }

    /** The process's peak resident set so far, in MiB (the kernel's VmHWM). */
    double peakRssMiB() {
        long hwm = statusKiB("VmHWM:");
        return Math.max(hwm, peakRssKiB) / 1024.0;
    }

    /** Mean CPU utilisation (percent of all cores) between two moments of this sampler's clock. */
    synchronized double meanCpu(double from, double to) {
        return cpu.stream().filter(p -> p[0] > from && p[0] <= to).mapToDouble(p -> p[1]).average().orElse(0);
    }

    private long statusKiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has exited
        }
        return 0;
    }

    /** {total, idle} jiffies over all cores; idle includes iowait. */
    private static long[] cpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
