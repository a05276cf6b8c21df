package caravan.publish;

import caravan.publish.MasterPlaylistEdits.SubtitleTrack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MasterPlaylistEditsTest {
    private static final String MASTER = """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-STREAM-INF:BANDWIDTH=1711175,AVERAGE-BANDWIDTH=1498435,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2"
            480p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=602727,AVERAGE-BANDWIDTH=548959,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2"
            240p/index.m3u8
            """;

    @Test
    void subtitlesGroupIsDeclaredAndEveryVariantRefersToIt() {
        String edited = MasterPlaylistEdits.withSubtitles(MASTER, "captions", List.of(
                new SubtitleTrack("English", "en", "captions/en/index.m3u8", false),
                new SubtitleTrack("Say \"hi\"", "und", "captions/und/index.m3u8", false)));
        assertThat(edited).contains("#EXT-X-VERSION:6\n#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"English\","
                + "LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI=\"captions/en/index.m3u8\"\n");
        assertThat(edited).contains("NAME=\"Say 'hi'\"");
        assertThat(edited.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:"))).hasSize(2)
                .allSatisfy(l -> assertThat(l).endsWith(",SUBTITLES=\"captions\""));
        assertThat(MasterPlaylist.renditions(edited)).isEqualTo(MasterPlaylist.renditions(MASTER));
        assertThat(MasterPlaylistEdits.withSubtitles(MASTER, "captions", List.of())).isEqualTo(MASTER);
    }

    @Test
    void bandwidthIsSetPerVariantLeavingAverageBandwidthAlone() {
        String edited = MasterPlaylistEdits.withBandwidths(MASTER, Map.of("240p/index.m3u8", 700_000L));
        assertThat(edited).contains("BANDWIDTH=1711175,AVERAGE-BANDWIDTH=1498435", "BANDWIDTH=700000,AVERAGE-BANDWIDTH=548959");
    }
}
