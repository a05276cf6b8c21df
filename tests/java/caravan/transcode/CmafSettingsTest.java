package caravan.transcode;

import caravan.Settings;
import caravan.asset.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaging setting against the engine and the ladder's codecs, checked at start with a sentence to act on. */
class CmafSettingsTest {
    private static Settings packaging(String value) {
        return new Settings(k -> Optional.ofNullable(Map.of("caravan.packaging", value).get(k)));
    }

    private static Ladder ladder(String rungs) throws Exception {
        return Ladder.parse(Json.MAPPER.readTree("{\"rungs\": [" + rungs + "]}"), "test");
    }

    @Test
    void hevcAndAv1RungsAreReadFromTheLadderAndH264IsTheDefault() throws Exception {
        Ladder l = ladder("{\"name\": \"720p\", \"height\": 720, \"videoKbps\": 2800},"
                + "{\"name\": \"720p-hevc\", \"height\": 720, \"videoKbps\": 1800, \"codec\": \"hevc\"},"
                + "{\"name\": \"720p-av1\", \"height\": 720, \"videoKbps\": 1500, \"codec\": \"av1\"}");
        assertThat(l.codecOf("720p")).isEqualTo(Ladder.H264);
        assertThat(l.codecOf("720p-hevc")).isEqualTo(Ladder.HEVC);
        assertThat(l.codecOf("720p-av1")).isEqualTo(Ladder.AV1);
        assertThat(l.codecOf("320p")).as("a native-size rung the ladder does not name").isEqualTo(Ladder.H264);
        assertThatThrownBy(() -> ladder("{\"name\": \"x\", \"height\": 720, \"videoKbps\": 100, \"codec\": \"vp9\"}"))
                .hasMessageContaining("rungs[0].codec: 'vp9' is not one of [av1, h264, hevc]");
    }

    @Test
    void hevcOrAv1RungsNeedCmaf() throws Exception {
        Ladder l = ladder("{\"name\": \"720p-hevc\", \"height\": 720, \"videoKbps\": 1800, \"codec\": \"hevc\"}");
        assertThatThrownBy(() -> CmafSettings.from(packaging("ts"), TranscodeEngine.FFMPEG, l))
                .hasMessageContaining("caravan.packaging").hasMessageContaining("must be cmaf").hasMessageContaining("720p-hevc: hevc");
        assertThat(CmafSettings.from(packaging("cmaf"), TranscodeEngine.FFMPEG, l).cmaf()).isTrue();
    }

    @Test
    void cmafIsRefusedWithMediaConvert() throws Exception {
        Ladder l = ladder("{\"name\": \"720p\", \"height\": 720, \"videoKbps\": 2800}");
        assertThatThrownBy(() -> CmafSettings.from(packaging("cmaf"), TranscodeEngine.MEDIACONVERT, l))
                .hasMessageContaining("caravan.packaging").hasMessageContaining("ffmpeg engine only");
        assertThat(CmafSettings.from(packaging("ts"), TranscodeEngine.MEDIACONVERT, l).cmaf()).isFalse();
        assertThatThrownBy(() -> CmafSettings.from(packaging("fmp4"), TranscodeEngine.FFMPEG, l)).hasMessageContaining("must be ts or cmaf");
    }
}
