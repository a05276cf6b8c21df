package caravan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SidecarsTest {

    @Test
    void sidecarIsTheSameBaseNameWithJsonInTheSameFolder() {
        assertThat(Sidecars.sidecarOf(Path.of("/inbox/talk.mp4"))).isEqualTo(Path.of("/inbox/talk.json"));
        assertThat(Sidecars.sidecarOf(Path.of("/inbox/course/week.1.mov"))).isEqualTo(Path.of("/inbox/course/week.1.json"));
        assertThat(Sidecars.sidecarOf(Path.of("/inbox/noext"))).isEqualTo(Path.of("/inbox/noext.json"));
        assertThat(Sidecars.sidecarOf(Path.of("/inbox/.mp4"))).isEqualTo(Path.of("/inbox/.mp4.json"));
        assertThat(Sidecars.sidecarOf(Path.of("talk.mkv"))).isEqualTo(Path.of("talk.json"));
    }

    @Test
    void jsonFilesAreSidecarsWhateverTheirCase() {
        assertThat(Sidecars.isSidecar("talk.json")).isTrue();
        assertThat(Sidecars.isSidecar("TALK.JSON")).isTrue();
        assertThat(Sidecars.isSidecar("talk.mp4")).isFalse();
        assertThat(Sidecars.isSidecar("json.mp4")).isFalse();
        assertThat(Sidecars.isSidecar("talk.jsonl")).isFalse();
    }

    @Test
    void sidecarInASubfolderPairsOnlyWithTheVideoBesideIt(@TempDir Path inbox) throws IOException {
        write(inbox.resolve("course-a/talk.json"));
        write(inbox.resolve("course-b/talk.mp4"));

        assertThat(Sidecars.sidecarOf(inbox.resolve("course-a/talk.mp4"))).isRegularFile();
        assertThat(Sidecars.sidecarOf(inbox.resolve("course-b/talk.mp4"))).doesNotExist();
    }

    @Test
    void aSidecarForAnotherVideoDoesNotCount(@TempDir Path inbox) throws IOException {
        write(inbox.resolve("other.json"));
        write(inbox.resolve("talk.mp4.json"));

        assertThat(Sidecars.sidecarOf(inbox.resolve("talk.mp4"))).doesNotExist();
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'{', '}'});
    }
}
