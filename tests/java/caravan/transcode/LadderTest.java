package caravan.transcode;

import caravan.asset.Json;
import caravan.transcode.Ladder.LadderException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class LadderTest {

    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text.replace('\'', '"'));
    }

    private static String valid(String rungs) {
        return "{'video': {'codec': 'libx264', 'profile': 'high', 'preset': 'veryfast', 'gopSeconds': 2, 'maxFrameRate': 60},"
                + " 'audio': {'codec': 'aac', 'bitrateKbps': 128, 'sampleRate': 48000, 'channels': 2},"
                + " 'hls': {'segmentSeconds': 6}, 'rungs': " + rungs + "}";
    }

    private static String problems(String ladderJson) throws Exception {
        LadderException e = catchThrowableOfType(LadderException.class, () -> Ladder.parse(json(ladderJson), "test-ladder.json"));
        assertThat(e).as("ladder should be rejected").isNotNull();
        assertThat(e.getMessage()).startsWith("Invalid ladder test-ladder.json");
        return e.getMessage();
    }

    @Test
    void repositoryLadderLoads() {
        Ladder ladder = Ladder.load(Path.of("config/ladder.json"));

        assertThat(ladder.video()).isEqualTo(new Ladder.Video("libx264", "high", "veryfast", 2, 60));
        assertThat(ladder.audio()).isEqualTo(new Ladder.Audio("aac", 128, 48000, 2));
        assertThat(ladder.segmentSeconds()).isEqualTo(6);
        assertThat(ladder.rungs()).extracting(Ladder.Rung::name, Ladder.Rung::height, Ladder.Rung::videoKbps)
                .containsExactly(
                        tuple("1080p", 1080, 5000),
                        tuple("720p", 720, 2800),
                        tuple("480p", 480, 1400),
                        tuple("360p", 360, 800),
                        tuple("240p", 240, 400));
    }

    @Test
    void missingFileFallsBackToTheBuiltInDefault(@TempDir Path dir) {
        Ladder ladder = Ladder.load(dir.resolve("no-such-ladder.json"));

        assertThat(ladder).isEqualTo(Ladder.load(Path.of("config/ladder.json")));
    }

    @Test
    void unreadableFileIsALadderException(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("ladder.json");
        Files.writeString(broken, "{ not json");

        assertThatThrownBy(() -> Ladder.load(broken))
                .isInstanceOf(LadderException.class)
                .hasMessageContaining(broken.toString());
    }

    @Test
    void omittedSettingsTakeDefaults() throws Exception {
        Ladder ladder = Ladder.parse(json("{'rungs': [{'name': 'only', 'height': 360, 'videoKbps': 800}]}"), "x");

        assertThat(ladder.video()).isEqualTo(new Ladder.Video("libx264", "high", "veryfast", 2, 60));
        assertThat(ladder.audio()).isEqualTo(new Ladder.Audio("aac", 128, 48000, 2));
        assertThat(ladder.segmentSeconds()).isEqualTo(6);
    }

    @Test
    void rungsComeBackSortedByHeightDescending() throws Exception {
        Ladder ladder = Ladder.parse(json(valid("[{'name': 'low', 'height': 240, 'videoKbps': 400},"
                + " {'name': 'high', 'height': 1080, 'videoKbps': 5000},"
                + " {'name': 'mid', 'height': 480, 'videoKbps': 1400}]")), "x");

        assertThat(ladder.rungs()).extracting(Ladder.Rung::name).containsExactly("high", "mid", "low");
        assertThat(ladder.rungs()).extracting(Ladder.Rung::height).containsExactly(1080, 480, 240);
    }

    @Test
    void everyBadFieldIsNamedWithItsPath() throws Exception {
        String message = problems("{'video': {'preset': 'turbo', 'profile': 'extreme', 'gopSeconds': 0},"
                + " 'audio': {'channels': 6},"
                + " 'rungs': [{'name': 'a', 'height': 720, 'videoKbps': 2800},"
                + "           {'name': 'b', 'height': 'tall', 'videoKbps': 10},"
                + "           {'name': 'has space', 'videoKbps': 800}]}");

        assertThat(message)
                .contains("video.preset: 'turbo' is not one of [fast, faster, medium, slow, slower, superfast, ultrafast, veryfast, veryslow]")
                .contains("video.profile: 'extreme' is not one of [baseline, high, main]")
                .contains("video.gopSeconds")
                .contains("audio.channels")
                .contains("rungs[1].height")
                .contains("rungs[1].videoKbps")
                .contains("rungs[2].name")
                .contains("rungs[2].height")
                .doesNotContain("rungs[0]");
    }

    @Test
    void badCodecIsRejectedWithTheAllowedValue() throws Exception {
        assertThat(problems("{'video': {'codec': 'libx265'}, 'audio': {'codec': 'opus'},"
                + " 'rungs': [{'name': 'a', 'height': 720, 'videoKbps': 2800}]}"))
                .contains("video.codec: 'libx265' is not one of [libx264]")
                .contains("audio.codec: 'opus' is not one of [aac]");
    }

    @Test
    void duplicateRungNamesAreRejected() throws Exception {
        assertThat(problems(valid("[{'name': '720p', 'height': 720, 'videoKbps': 2800},"
                + " {'name': '720p', 'height': 480, 'videoKbps': 1400}]")))
                .contains("rungs[1].name: '720p' is used twice");
    }

    @Test
    void segmentMustBeAMultipleOfTheGop() throws Exception {
        assertThat(problems("{'video': {'gopSeconds': 2}, 'hls': {'segmentSeconds': 5},"
                + " 'rungs': [{'name': 'a', 'height': 720, 'videoKbps': 2800}]}"))
                .contains("hls.segmentSeconds (5) must be a multiple of video.gopSeconds (2)");
    }

    @Test
    void emptyOrMissingRungsAreRejected() throws Exception {
        assertThat(problems(valid("[]"))).contains("rungs: must be a non-empty list");
        assertThat(problems("{'video': {}}")).contains("rungs: must be a non-empty list");
    }

    @Test
    void outOfRangeNumbersAreRejectedWithTheRange() throws Exception {
        assertThat(problems("{'video': {'maxFrameRate': 240}, 'hls': {'segmentSeconds': 60},"
                + " 'rungs': [{'name': 'a', 'height': 8000, 'videoKbps': 2800}]}"))
                .contains("video.maxFrameRate: must be a whole number from 1 to 120 (got 240)")
                .contains("hls.segmentSeconds: must be a whole number from 1 to 30 (got 60)")
                .contains("rungs[0].height: must be a whole number from 64 to 4320 (got 8000)");
    }

    /** A ladder whose "rungs" is an object instead of a list must be refused with a LadderException, not crash. */
    @Test
    void rungsGivenAsAnObjectAreRejectedCleanly() throws Exception {
        assertThat(problems(valid("{'name': '720p', 'height': 720, 'videoKbps': 2800}")))
                .contains("rungs: must be a non-empty list");
    }
}
