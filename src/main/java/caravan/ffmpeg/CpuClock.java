package caravan.ffmpeg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a running process's CPU time the way the kernel accounts it: {@code utime + stime} of
 * {@code /proc/<pid>/stat} (fields 14 and 15, in clock ticks, the sum over all its threads, ended ones included).
 * <p>
 * Why this and not ffmpeg's {@code -benchmark}: that line ({@code bench: utime=…s stime=…s rtime=…s}, from
 * {@code getrusage} at ffmpeg's own end) is exact, but ffmpeg prints it at log level {@code info}, and the stages keep
 * their tools at {@code -loglevel error} so that the error output holds only why a tool failed; ffprobe has no such
 * option at all. {@code /proc} works for every tool, unchanged. Its limit: the process is reaped by the JVM the moment
 * it exits, so the last reading is the last sample taken while it ran ({@link BoundedProcess} samples every
 * {@link #SAMPLE_MILLIS} ms): the figure is exact up to that last sample, at most {@link #SAMPLE_MILLIS} ms of CPU per
 * busy thread low. {@link #benchmarkSeconds} reads the exact figure when a tool does print it (a tool run at
 * {@code info} with {@code -benchmark}); it counts from the start of ffmpeg's transcoding, so the larger of the
 * two lower bounds is kept.
 */
public final class CpuClock {
    /** How often a running process's CPU time is read. */
    public static final long SAMPLE_MILLIS = 20;
    /**
     * Clock ticks per second of {@code /proc} times: USER_HZ, which Linux fixes at 100 on every architecture the
     * JDK runs on (it is part of the kernel's ABI, independent of the scheduler's HZ).
     */
    static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s");

    private CpuClock() {
    }

    /** The process's CPU-seconds so far, or empty when it is gone (or this is not Linux). */
    public static OptionalDouble read(long pid) {
        try {
            return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    /**
     * {@code utime + stime} from a {@code /proc/<pid>/stat} line, in seconds. The command name (field 2) is in
     * parentheses and may itself hold spaces and parentheses, so the fields are counted from the last ')'.
     */
    public static OptionalDouble cpuSeconds(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            return OptionalDouble.empty();
        }
        String[] rest = statLine.substring(close + 1).trim().split("\\s+");
        // rest[0] is field 3 (state): utime is field 14, stime field 15
        if (rest.length < 13) {
            return OptionalDouble.empty();
        }
        try {
            long ticks = Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
            return OptionalDouble.of(ticks / TICKS_PER_SECOND);
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** The CPU-seconds of ffmpeg's {@code -benchmark} line (user + system) in a tool's error output, if it has one. */
    public static OptionalDouble benchmarkSeconds(String stderr) {
        Matcher m = BENCH.matcher(stderr);
        OptionalDouble last = OptionalDouble.empty();
        while (m.find()) {
            last = OptionalDouble.of(Double.parseDouble(m.group(1)) + Double.parseDouble(m.group(2)));
        }
        return last;
    }
}
