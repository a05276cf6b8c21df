package caravan.ingest;

import org.junit.jupiter.api.Test;

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
}
