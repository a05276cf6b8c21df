package caravan.publish;

import caravan.asset.Rendition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MasterPlaylistTest {
    private static final String FFMPEG_MASTER = """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-STREAM-INF:BANDWIDTH=2826767,AVERAGE-BANDWIDTH=2806012,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2"
            720p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=1501367,AVERAGE-BANDWIDTH=1449555,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2"
            480p/index.m3u8
            """;

    @Test
    void readsEveryRenditionOfAnFfmpegMaster() {
        List<Rendition> r = MasterPlaylist.renditions(FFMPEG_MASTER);

        assertThat(r).containsExactly(
                new Rendition("720p", 1280, 720, 2826767L, "avc1.64001f,mp4a.40.2", "720p/index.m3u8"),
                new Rendition("480p", 854, 480, 1501367L, "avc1.64001e,mp4a.40.2", "480p/index.m3u8"));
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        assertThat(MasterPlaylist.renditions(FFMPEG_MASTER.replace("\n", "\r\n")))
                .extracting(Rendition::playlist).containsExactly("720p/index.m3u8", "480p/index.m3u8");
    }

    @Test
    void audioOnlyMasterHasNoPictureSize() {
        String master = """
                #EXTM3U
                #EXT-X-VERSION:6
                #EXT-X-STREAM-INF:BANDWIDTH=140800,CODECS="mp4a.40.2"
                audio/index.m3u8
                """;

        assertThat(MasterPlaylist.renditions(master))
                .containsExactly(new Rendition("audio", 0, 0, 140800L, "mp4a.40.2", "audio/index.m3u8"));
    }

    @Test
    void averageBandwidthDoesNotReplacePeakBandwidth() {
        var attrs = MasterPlaylist.attributes("BANDWIDTH=2826767,AVERAGE-BANDWIDTH=2806012,RESOLUTION=1280x720,CODECS=\"avc1.64001f,mp4a.40.2\"");

        assertThat(attrs).containsEntry("BANDWIDTH", "2826767")
                .containsEntry("AVERAGE-BANDWIDTH", "2806012")
                .containsEntry("RESOLUTION", "1280x720")
                .containsEntry("CODECS", "avc1.64001f,mp4a.40.2")
                .hasSize(4);
    }

    @Test
    void playlistWithoutVariantsHasNoRenditions() {
        assertThat(MasterPlaylist.renditions("#EXTM3U\n#EXT-X-VERSION:6\n")).isEmpty();
        assertThat(MasterPlaylist.renditions("")).isEmpty();
    }
}
