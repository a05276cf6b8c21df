package caravan.ops.health;

import caravan.ffmpeg.FfmpegTools;
import org.apache.camel.health.HealthCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import caravan.testing.Pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The readiness check of ffmpeg and ffprobe answers within its limit whatever the tools do. */
@Pipeline
class ToolsCheckTest {
    @TempDir
    Path dir;

    @Test
    void aToolThatHangsWithoutAWordTurnsTheCheckDownWithinItsLimit() throws Exception {
        // writes nothing, never exits, and ignores SIGTERM
        Path silent = tool("silent", "trap '' TERM\nsleep 120 &\nwait\n");
        FfmpegTools tools = new FfmpegTools(List.of(silent.toString()), List.of(silent.toString()), "test");

        long start = System.nanoTime();
        HealthCheck.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            ToolsCheck check = new ToolsCheck(tools, 60_000); // checks once when made
            return check.call();
        });
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(result.getState()).isEqualTo(HealthCheck.State.DOWN);
        assertThat(result.getMessage()).hasValueSatisfying(m -> assertThat(m).contains("ffmpeg -version did not answer within"));
        assertThat(elapsedMillis).as("two checks, each at most its limit and the kill grace")
                .isLessThan(2 * (ToolsCheck.LIMIT_MILLIS + caravan.ffmpeg.BoundedProcess.GRACE_MILLIS) + 5_000);
    }

    @Test
    void aToolThatAnswersAtLengthIsUp() throws Exception {
        Path chatty = tool("chatty", "head -c 30000000 /dev/zero\nhead -c 30000000 /dev/zero >&2\n");
        FfmpegTools tools = new FfmpegTools(List.of(chatty.toString()), List.of(chatty.toString()), "test");
        HealthCheck.Result result = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new ToolsCheck(tools, 0).call());
        assertThat(result.getState()).isEqualTo(HealthCheck.State.UP);
    }

    private Path tool(String name, String body) throws Exception {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
