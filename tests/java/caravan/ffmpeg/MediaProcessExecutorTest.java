package caravan.ffmpeg;

import org.apache.camel.LoggingLevel;
import org.apache.camel.component.exec.ExecCommand;
import org.apache.camel.component.exec.ExecResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The executor behind every media process the pipeline runs through camel-exec (ffprobe, the transcode, subtitle
 * extraction, the MP4 remux): its time limit holds against a program that ignores SIGTERM, together with whatever it
 * started, and a program that writes a lot neither blocks nor fills the heap.
 */
class MediaProcessExecutorTest {
    @TempDir
    Path dir;

    @Test
    void aProgramThatIgnoresSigtermIsKilledWithWhatItStartedSoonAfterItsLimit() throws Exception {
        long start = System.nanoTime();
        // the shell and its child both ignore SIGTERM (an ignored signal stays ignored across fork and exec)
        ExecResult result = assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> run("trap '' TERM; sleep 60 & echo $! > child.pid; wait", 1_000));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(elapsedMillis).as("limit 1 s + grace %d ms", BoundedProcess.GRACE_MILLIS)
                .isLessThan(1_000 + BoundedProcess.GRACE_MILLIS + 3_000);
        assertThat(result.getExitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        long child = Long.parseLong(Files.readString(dir.resolve("child.pid")).strip());
        assertThat(awaitGone(child)).as("the shell's child, pid %d", child).isTrue();
    }

    @Test
    void aProgramThatStopsOnSigtermIsNotKeptForTheGracePeriod() throws Exception {
        long start = System.nanoTime();
        ExecResult result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run("exec sleep 60", 500));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(500 + BoundedProcess.GRACE_MILLIS);
        assertThat(result.getExitValue()).as("stopped by SIGTERM").isEqualTo(128 + 15);
    }

    @Test
    void aChattyProgramNeitherBlocksNorFillsTheHeap() throws Exception {
        ExecResult result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(
                "head -c 40000000 /dev/zero; head -c 40000000 /dev/zero >&2; echo 'the last words' >&2", 60_000));

        assertThat(result.getExitValue()).isZero();
        assertThat(result.getStdout().readAllBytes()).hasSize(BoundedProcess.MAX_STDOUT_BYTES);
        byte[] stderr = result.getStderr().readAllBytes();
        assertThat(stderr).hasSizeLessThanOrEqualTo(2 * BoundedProcess.MAX_STDERR_BYTES);
        assertThat(new String(stderr, StandardCharsets.UTF_8)).as("the end of the error output is kept").endsWith("the last words\n");
    }

    @Test
    void aQuickProgramGivesItsOutputAndExitValue() throws Exception {
        ExecResult result = run("echo out; echo err >&2; exit 3", 10_000);
        assertThat(result.getExitValue()).isEqualTo(3);
        assertThat(new String(result.getStdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("out\n");
        assertThat(new String(result.getStderr().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("err\n");
    }

    private ExecResult run(String script, long timeoutMillis) throws Exception {
        ExecCommand command = new ExecCommand("/bin/sh", List.of("-c", script), dir.toString(), timeoutMillis, Set.of(), null, null,
                false, LoggingLevel.OFF);
        return new MediaProcessExecutor().execute(command);
    }

    static boolean awaitGone(long pid) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                Thread.sleep(50);
            } else {
                return true;
            }
        }
        return false;
    }
}
