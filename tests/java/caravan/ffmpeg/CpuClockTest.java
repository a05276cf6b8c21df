package caravan.ffmpeg;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The CPU time an asset's cost is made of: read from the kernel's own accounting of each child process
 * ({@code /proc/<pid>/stat}), or from ffmpeg's {@code -benchmark} line when a tool prints it.
 */
class CpuClockTest {

    @Test
    void userAndSystemTicksAreReadPastACommandNameWithSpacesAndParentheses() {
        // fields 14 (utime) and 15 (stime) in clock ticks of 1/100 s; the name is field 2, in parentheses
        String stat = "4242 (ffmpeg (x) y) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 37 0 0 20 0 8 0 9999 123456 789";
        assertThat(CpuClock.cpuSeconds(stat)).hasValueCloseTo(2.87, within(1e-9));
        assertThat(CpuClock.cpuSeconds("garbage")).isEmpty();
        assertThat(CpuClock.cpuSeconds("1 (short) S 1 2")).isEmpty();
    }

    @Test
    void ffmpegsBenchmarkLineIsUserPlusSystemTime() {
        String stderr = "[out#0/null] video:1kB\nbench: utime=1.250s stime=0.125s rtime=0.900s\nbench: maxrss=24440KiB\n";
        assertThat(CpuClock.benchmarkSeconds(stderr)).hasValueCloseTo(1.375, within(1e-9));
        assertThat(CpuClock.benchmarkSeconds("Invalid data found when processing input")).isEmpty();
    }

    @Test
    void aRunsCpuTimeIsMeasuredAndNoMoreThanItsWallTimeOnItsOneThread() throws Exception {
        // a busy single-threaded child: what it used is on the kernel's books, never more than the time it ran
        BoundedProcess.Result r = BoundedProcess.run(List.of("/bin/sh", "-c",
                "i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done"), 30_000);
        assertThat(r.exitValue()).isZero();
        ProcessUsage usage = r.usage();
        assertThat(usage.wallSeconds()).isGreaterThan(0.05);
        assertThat(usage.cpuSeconds()).as("CPU-seconds of a busy loop (its own, whatever else the machine runs)").isGreaterThan(0.05);
        assertThat(usage.cpuSeconds()).as("one thread cannot use more than the time it ran").isLessThanOrEqualTo(usage.wallSeconds() + 0.02);
    }
}
