package caravan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time from the kernel's account of a process (/proc/PID/stat): its own user and system time and that of its
 * children it has waited for (every ffmpeg and ffprobe a Caravan JVM ran, every ffmpeg the benchmark ran). Read before
 * and after a run, the difference is what the run cost in CPU, which on this shared machine moves far less with other
 * work than wall time does.
 */
final class CpuSeconds {
    /** USER_HZ, the unit of those fields: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
    private static final double TICKS_PER_SECOND = 100;

    private CpuSeconds() {
    }

    /** The process's own CPU seconds plus its waited-for children's. */
    static double withChildren(long pid) throws IOException {
        long[] t = fields(pid);
        return (t[0] + t[1] + t[2] + t[3]) / TICKS_PER_SECOND;
    }

    /** Only its waited-for children's CPU seconds (the benchmark's own ffmpeg runs, not its threads). */
    static double children(long pid) throws IOException {
        long[] t = fields(pid);
        return (t[2] + t[3]) / TICKS_PER_SECOND;
    }

    /** utime, stime, cutime, cstime: fields 14 to 17, counted after the command name, which may hold spaces. */
    private static long[] fields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
