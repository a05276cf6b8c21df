package caravan.ffmpeg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import caravan.testing.Pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The start-up check of the configured ffmpeg ends within its limit whatever the tool does. */
@Pipeline
class FfmpegToolsStartTest {
    @TempDir
    Path dir;

    @Test
    void aToolThatHangsWithoutAWordStopsTheStartWithinItsLimit() throws Exception {
        Path silent = dir.resolve("silent-ffmpeg");
        Files.writeString(silent, "#!/bin/sh\ntrap '' TERM\nsleep 120 &\nwait\n");
        Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwx------"));

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(() -> FfmpegTools.resolve(silent.toString(), silent.toString()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("did not answer within"));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(FfmpegTools.START_LIMIT_MILLIS + BoundedProcess.GRACE_MILLIS + 5_000);
    }
}
