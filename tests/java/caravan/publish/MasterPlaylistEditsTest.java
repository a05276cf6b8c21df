package caravan.publish;

import caravan.asset.Outputs;
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
    void anSdhTrackCarriesBothAccessibilityCharacteristicsBesideAPlainTrackOfItsLanguage() {
        String edited = MasterPlaylistEdits.withSubtitles(MASTER, "captions", List.of(
                new SubtitleTrack("English", "en", "captions/en/index.m3u8", false),
                new SubtitleTrack("English (SDH)", "en", "captions/en-sdh/index.m3u8", false, true)));
        assertThat(edited.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:"))).containsExactly(
                "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,"
                        + "FORCED=NO,URI=\"captions/en/index.m3u8\"",
                "#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\",NAME=\"English (SDH)\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,"
                        + "FORCED=NO,CHARACTERISTICS=\"public.accessibility.transcribes-spoken-dialog,"
                        + "public.accessibility.describes-music-and-sound\",URI=\"captions/en-sdh/index.m3u8\"");
    }

    @Test
    void bandwidthIsSetPerVariantLeavingAverageBandwidthAlone() {
        String edited = MasterPlaylistEdits.withBandwidths(MASTER, Map.of("240p/index.m3u8", 700_000L));
        assertThat(edited).contains("BANDWIDTH=1711175,AVERAGE-BANDWIDTH=1498435", "BANDWIDTH=700000,AVERAGE-BANDWIDTH=548959");
    }

    private static final String LADDER = """
            #EXTM3U
            #EXT-X-VERSION:6
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="captions",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="captions/en/index.m3u8"

            #EXT-X-STREAM-INF:BANDWIDTH=5610000,AVERAGE-BANDWIDTH=5100000,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2",SUBTITLES="captions"
            1080p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=3300000,AVERAGE-BANDWIDTH=2900000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",SUBTITLES="captions"
            720p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=1711175,AVERAGE-BANDWIDTH=1498435,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",SUBTITLES="captions"
            480p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=602727,AVERAGE-BANDWIDTH=548959,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2",SUBTITLES="captions"
            240p/index.m3u8
            """;

    @Test
    void theVariantNearestTwoMegabitsAverageIsListedFirstAndTheRestKeepTheirOrder() {
        String edited = MasterPlaylistEdits.withDefaultVariantFirst(LADDER, 2_000_000);

        // 480p averages 1.50 Mb/s, 720p 2.90 Mb/s: 480p is nearer 2 Mb/s
        assertThat(MasterPlaylist.renditions(edited)).extracting(r -> r.name())
                .containsExactly("480p", "1080p", "720p", "240p");
        assertThat(edited).startsWith("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-MEDIA:TYPE=SUBTITLES").doesNotContain("\n\n\n");
        assertThat(edited.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList())
                .containsExactlyInAnyOrderElementsOf(LADDER.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList());
        assertThat(MasterPlaylist.renditions(edited)).containsExactlyInAnyOrderElementsOf(MasterPlaylist.renditions(LADDER));
        assertThat(MasterPlaylistEdits.withDefaultVariantFirst(edited, 2_000_000)).as("again: no change").isEqualTo(edited);
    }

    @Test
    void withoutAverageBandwidthThePeakDecidesAndTheLastVariantCanMoveUp() {
        String edited = MasterPlaylistEdits.withDefaultVariantFirst(LADDER.replaceAll(",AVERAGE-BANDWIDTH=\\d+", ""), 700_000);

        assertThat(MasterPlaylist.renditions(edited)).extracting(r -> r.name()).containsExactly("240p", "1080p", "720p", "480p");
        assertThat(edited).endsWith("480p/index.m3u8\n");
    }

    @Test
    void aMasterWhoseFirstVariantIsAlreadyTheDefaultOrWithOneVariantIsUnchanged() {
        assertThat(MasterPlaylistEdits.withDefaultVariantFirst(LADDER, 6_000_000)).isEqualTo(LADDER);
        assertThat(MasterPlaylistEdits.withDefaultVariantFirst(MASTER, 2_000_000)).isEqualTo(MASTER);
        String audioOnly = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=140800,CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n";
        assertThat(MasterPlaylistEdits.withDefaultVariantFirst(audioOnly, 2_000_000)).isEqualTo(audioOnly);
    }

    @Test
    void ffmpegsAudioGroupIsReplacedByNamedRenditionsOneDefault() {
        String ffmpeg = """
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio_2",DEFAULT=YES,LANGUAGE="en",CHANNELS="2",URI="audio/index.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio_3",DEFAULT=NO,LANGUAGE="de",CHANNELS="2",URI="audio2/index.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=442294,AVERAGE-BANDWIDTH=442294,RESOLUTION=320x240,CODECS="avc1.640014,mp4a.40.2",AUDIO="group_audio"
                240p/index.m3u8
                """;
        List<Outputs.AudioRendition> tracks = List.of(
                new Outputs.AudioRendition("audio/index.m3u8", 0, "en", "English", true, 2, false),
                new Outputs.AudioRendition("audio2/index.m3u8", 1, "de", "German (Audio Description)", false, 2, true));

        String edited = MasterPlaylistEdits.withAudioRenditions(ffmpeg, "audio", tracks);

        assertThat(edited.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:"))).containsExactly(
                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",LANGUAGE=\"en\",NAME=\"English\",DEFAULT=YES,AUTOSELECT=YES,CHANNELS=\"2\","
                        + "URI=\"audio/index.m3u8\"",
                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",LANGUAGE=\"de\",NAME=\"German (Audio Description)\",DEFAULT=NO,AUTOSELECT=YES,"
                        + "CHANNELS=\"2\",CHARACTERISTICS=\"public.accessibility.describes-video\",URI=\"audio2/index.m3u8\"");
        assertThat(edited).contains("CODECS=\"avc1.640014,mp4a.40.2\",AUDIO=\"audio\"\n240p/index.m3u8");
        assertThat(MasterPlaylistEdits.withAudioRenditions(MASTER, "audio", tracks)).as("a muxed master").isEqualTo(MASTER);
    }

    @Test
    void captionsAndBandwidthEditsStillApplyToAReorderedMaster() {
        String reordered = MasterPlaylistEdits.withDefaultVariantFirst(MASTER.replace("AVERAGE-BANDWIDTH=1498435", "AVERAGE-BANDWIDTH=4000000"), 600_000);
        String edited = MasterPlaylistEdits.withBandwidths(MasterPlaylistEdits.withSubtitles(reordered, "captions",
                List.of(new SubtitleTrack("English", "en", "captions/en/index.m3u8", false))), Map.of("480p/index.m3u8", 1_800_000L));

        assertThat(MasterPlaylist.renditions(edited)).extracting(r -> r.name()).containsExactly("240p", "480p");
        assertThat(edited).contains("BANDWIDTH=1800000,AVERAGE-BANDWIDTH=4000000");
        assertThat(edited.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:"))).allSatisfy(l -> assertThat(l).endsWith("SUBTITLES=\"captions\""));
    }

    @Test
    void everyVideoVariantGetsItsFrameRateWithThreeDecimalsAndParsesAsSuch() throws Exception {
        String edited = MasterPlaylistEdits.withFrameRate(LADDER, 30000.0 / 1001);

        assertThat(edited.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:"))).hasSize(4)
                .allSatisfy(l -> assertThat(l).containsOnlyOnce(",FRAME-RATE=29.970,"));
        assertThat(edited).contains("RESOLUTION=1920x1080,FRAME-RATE=29.970,CODECS=");
        assertThat(new io.lindstrom.m3u8.parser.MasterPlaylistParser(io.lindstrom.m3u8.parser.ParsingMode.STRICT)
                .readPlaylist(edited).variants()).allSatisfy(v -> assertThat(v.frameRate()).contains(29.97));
        assertThat(MasterPlaylist.renditions(edited)).isEqualTo(MasterPlaylist.renditions(LADDER));
        assertThat(MasterPlaylistEdits.withFrameRate(edited, 25)).as("again: the declared rate stays").isEqualTo(edited);
    }

    @Test
    void everyVariantSaysItCarriesNoClosedCaptionsUnlessTheMasterDeclaresAGroup() throws Exception {
        String edited = MasterPlaylistEdits.withClosedCaptionsNone(MasterPlaylistEdits.withSubtitles(MASTER, "captions",
                List.of(new SubtitleTrack("English", "en", "captions/en/index.m3u8", false))));

        assertThat(new io.lindstrom.m3u8.parser.MasterPlaylistParser(io.lindstrom.m3u8.parser.ParsingMode.STRICT)
                .readPlaylist(edited).variants()).hasSize(2).allSatisfy(v -> {
                    assertThat(v.closedCaptionsNone()).contains(true);
                    assertThat(v.subtitles()).contains("captions");
                });
        assertThat(MasterPlaylist.renditions(edited)).isEqualTo(MasterPlaylist.renditions(MASTER));
        assertThat(MasterPlaylistEdits.withClosedCaptionsNone(edited)).as("again").isEqualTo(edited);
        String withGroup = MASTER.replace("CODECS=\"avc1.640015,mp4a.40.2\"", "CODECS=\"avc1.640015,mp4a.40.2\",CLOSED-CAPTIONS=\"cc\"");
        assertThat(MasterPlaylistEdits.withClosedCaptionsNone(withGroup)).as("a declared 608 group").isEqualTo(withGroup);
    }

    @Test
    void anAudioOnlyVariantOrAnUnknownRateGetsNoFrameRate() {
        String audioOnly = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=140800,CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n";
        assertThat(MasterPlaylistEdits.withFrameRate(audioOnly, 25)).isEqualTo(audioOnly);
        assertThat(MasterPlaylistEdits.withFrameRate(LADDER, 0)).isEqualTo(LADDER);
        assertThat(MasterPlaylistEdits.withFrameRate(LADDER, Double.NaN)).isEqualTo(LADDER);
    }

    @Test
    void theMasterDeclaresIndependentSegmentsOnlyWhenEveryVariantDoes(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        String independent = "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXTINF:6.0,\ns.ts\n#EXT-X-ENDLIST\n";
        for (String rung : List.of("480p", "240p")) {
            java.nio.file.Files.createDirectories(folder.resolve(rung));
            java.nio.file.Files.writeString(folder.resolve(rung).resolve("index.m3u8"), independent);
        }

        String edited = MasterPlaylistEdits.withIndependentSegments(MASTER, folder);

        assertThat(edited).startsWith("#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:");
        assertThat(new io.lindstrom.m3u8.parser.MasterPlaylistParser(io.lindstrom.m3u8.parser.ParsingMode.STRICT)
                .readPlaylist(edited).independentSegments()).isTrue();
        assertThat(MasterPlaylist.renditions(edited)).isEqualTo(MasterPlaylist.renditions(MASTER));
        assertThat(MasterPlaylistEdits.withIndependentSegments(edited, folder)).as("again: no second tag").isEqualTo(edited);

        java.nio.file.Files.writeString(folder.resolve("240p").resolve("index.m3u8"), independent.replace("#EXT-X-INDEPENDENT-SEGMENTS\n", ""));
        assertThat(MasterPlaylistEdits.withIndependentSegments(MASTER, folder)).as("one rung without it").isEqualTo(MASTER);
        java.nio.file.Files.delete(folder.resolve("240p").resolve("index.m3u8"));
        assertThat(MasterPlaylistEdits.withIndependentSegments(MASTER, folder)).as("a rung missing").isEqualTo(MASTER);
    }
}
