package caravan.ffmpeg;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ServerPathsTest {
    @TempDir
    Path dir;

    @Test
    void theDataFolderAndEveryOtherAbsolutePathAreTakenOut() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path link = Files.createSymbolicLink(dir.resolve("data-link"), data);
        ServerPaths paths = new ServerPaths(link);

        String redacted = paths.redact("""
                [in#0 @ 0x55] Error opening input: file:%s/work/a1b2/source: Invalid data found when processing input
                [hls @ 0x56] Failed to open file '%s/work/a1b2/hls/720p/segment_00003.ts'
                Error opening output /usr/local/share/ffmpeg/x.m3u8 (key file=/etc/caravan/key)
                time_base 1/25, N/A, 1920x1080 [SAR 1:1 DAR 16:9]
                """.formatted(data.toRealPath(), link));

        assertThat(redacted).doesNotContain(dir.toString(), "/usr", "/etc")
                .contains("file:<data>/work/a1b2/source: Invalid data", "'<data>/work/a1b2/hls/720p/segment_00003.ts'",
                        "output <path> (key file=<path>)", "time_base 1/25, N/A, 1920x1080 [SAR 1:1 DAR 16:9]");
    }
}
