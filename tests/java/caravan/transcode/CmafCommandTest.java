package caravan.transcode;

import caravan.asset.Json;
import caravan.asset.Outputs.AudioRendition;
import caravan.ffmpeg.UntrustedInput;
import caravan.transcode.LadderPlan.PlannedRung;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CMAF command line: codecs per rung, the key kept off it, each audio track one rendition in its own adaptation
 * set; the HEVC CODECS string; the audio renditions' names, master entries and DASH roles.
 */
class CmafCommandTest {
    private static final UntrustedInput INPUT = new UntrustedInput("mov,mp4", 4096L * 2304);
    private static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");
    private static final byte[] KID = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");

    private static List<String> args() throws Exception {
        Ladder ladder = Ladder.parse(Json.MAPPER.readTree("""
                {"rungs": [{"name": "360p", "height": 360, "videoKbps": 600},
                           {"name": "360p-hevc", "height": 360, "videoKbps": 400, "codec": "hevc"},
                           {"name": "360p-av1", "height": 360, "videoKbps": 300, "codec": "av1"}]}"""), "test");
        LadderPlan plan = new LadderPlan(List.of(new PlannedRung("360p", 640, 360, 600), new PlannedRung("360p-hevc", 640, 360, 400),
                new PlannedRung("360p-av1", 640, 360, 300)), true, 25, false, ladder);
        return CmafCommand.arguments(plan, Path.of("/w/source"), Path.of("/w/out"), Path.of("/w/progress.txt"), INPUT,
                new CmafCommand.Cenc(KEY, KID, Path.of("/w/cenc.options")), SideOutputs.NONE, null, List.of());
    }

    @Test
    void theContentKeyIsNotOnTheCommandCamelHolds() throws Exception {
        List<String> a = args();
        assertThat(String.join(" ", a)).doesNotContain(HexFormat.of().formatHex(KEY));
        assertThat(a.get(a.indexOf("-format_options") + 1)).isEqualTo("caravan-secret-file:/w/cenc.options");
        assertThat(new CmafCommand.Cenc(KEY, KID, Path.of("/w/cenc.options")).formatOptions())
                .isEqualTo("encryption_scheme=cenc-aes-ctr:encryption_key=00112233445566778899aabbccddeeff"
                        + ":encryption_kid=0123456789abcdef0123456789abcdef");
    }

    @Test
    void eachRungInItsCodecWithOneAudioRenditionAndOneAdaptationSetEach() throws Exception {
        List<String> a = args();
        assertThat(a).containsSequence("-c:v:0", "libx264").containsSequence("-c:v:1", "libx265", "-tag:v:1", "hvc1")
                .containsSequence("-c:v:2", "libsvtav1").doesNotContain("-maxrate:v:2").contains("-maxrate:v:1");
        assertThat(a.stream().filter(x -> x.equals("0:a:0")).count()).as("the audio encoded once").isEqualTo(1);
        assertThat(a).containsSequence("-f", "dash").containsSequence("-hls_playlist", "1")
                .containsSequence("-adaptation_sets", "id=0,streams=0 id=1,streams=1 id=2,streams=2 id=3,streams=3");
        assertThat(a.get(a.indexOf("-x265-params:v:1") + 1)).contains("open-gop=0", "scenecut=0");
    }

    @Test
    void hevcCodecsStringComesFromTheInitSegmentsHvcC() {
        // hvcC: version 1, Main (profile_space 0, tier Main, profile 1), compatibility 0x60000000, constraints B0, level 93
        byte[] init = new byte[40];
        byte[] hvcC = HexFormat.of().parseHex("68766343" + "01" + "01" + "60000000" + "900000000000" + "5d");
        System.arraycopy(hvcC, 0, init, 10, hvcC.length);
        assertThat(CmafCodecs.hevc(init)).isEqualTo("hvc1.1.6.L93.90");
        byte[] b0 = HexFormat.of().parseHex("68766343" + "01" + "01" + "60000000" + "b00000000000" + "96");
        System.arraycopy(b0, 0, init, 10, b0.length);
        assertThat(CmafCodecs.hevc(init)).isEqualTo("hvc1.1.6.L150.B0");
    }

    private static final AudioRendition ENGLISH = new AudioRendition("audio/index.m3u8", 0, "en", "English", false, 2, false);
    private static final AudioRendition GERMAN = new AudioRendition("audio2/index.m3u8", 1, "de", "German", true, 2, false);

    @Test
    void everyAudioTrackIsEncodedOnceIntoItsOwnAdaptationSetTaggedWithItsLanguage() throws Exception {
        Ladder ladder = Ladder.parse(Json.MAPPER.readTree("""
                {"rungs": [{"name": "240p", "height": 240, "videoKbps": 300}]}"""), "test");
        LadderPlan plan = new LadderPlan(List.of(new PlannedRung("240p", 320, 240, 300)), true, 25, false, ladder);
        List<String> a = CmafCommand.arguments(plan, Path.of("/w/source"), Path.of("/w/out"), Path.of("/w/progress.txt"), INPUT,
                new CmafCommand.Cenc(KEY, KID, Path.of("/w/cenc.options")), SideOutputs.NONE, null,
                CmafManifests.renditions(List.of(ENGLISH, GERMAN)));

        assertThat(a).containsSequence("-map", "0:a:0", "-metadata:s:a:0", "language=en")
                .containsSequence("-map", "0:a:1", "-metadata:s:a:1", "language=de")
                .containsSequence("-adaptation_sets", "id=0,streams=0 id=1,streams=1 id=2,streams=2");
        assertThat(a.stream().filter(x -> x.equals("-c:a")).count()).as("one encoder setting for all tracks").isEqualTo(1);
    }

    @Test
    void audioPlaylistsSitBesideTheRungsNamedAfterTheTracksFolders() {
        assertThat(CmafManifests.renditions(List.of(ENGLISH, GERMAN))).extracting(AudioRendition::playlist)
                .containsExactly("audio.m3u8", "audio2.m3u8");
        assertThat(CmafManifests.renditions(List.of(ENGLISH, GERMAN))).extracting(AudioRendition::language, AudioRendition::isDefault)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("en", false), org.assertj.core.groups.Tuple.tuple("de", true));
    }

    @Test
    void theMasterNamesEachTrackAndTheDashRoleFollowsTheDashIfIop() throws Exception {
        Ladder ladder = Ladder.parse(Json.MAPPER.readTree("""
                {"rungs": [{"name": "240p", "height": 240, "videoKbps": 300}]}"""), "test");
        LadderPlan plan = new LadderPlan(List.of(new PlannedRung("240p", 320, 240, 300)), true, 25, false, ladder);
        String written = """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_1",DEFAULT=YES,CHANNELS="2",URI="audio.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_A1",NAME="audio_2",DEFAULT=NO,CHANNELS="2",URI="audio2.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=788984,RESOLUTION=320x240,CODECS="avc1.42c00d,mp4a.40.2",AUDIO="group_A1"
                240p.m3u8
                """;
        String master = CmafManifests.master(written, plan, CmafManifests.renditions(List.of(ENGLISH, GERMAN)));

        assertThat(master).contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",LANGUAGE=\"en\",NAME=\"English\",DEFAULT=NO,AUTOSELECT=YES,"
                        + "CHANNELS=\"2\",URI=\"audio.m3u8\"",
                "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",LANGUAGE=\"de\",NAME=\"German\",DEFAULT=YES,AUTOSELECT=YES,"
                        + "CHANNELS=\"2\",URI=\"audio2.m3u8\"", "AUDIO=\"audio\"").doesNotContain("group_A1");
        assertThat(CmafManifests.role(GERMAN, false)).isEqualTo("main");
        assertThat(CmafManifests.role(ENGLISH, false)).isEqualTo("alternate");
        assertThat(CmafManifests.role(ENGLISH, true)).isEqualTo("commentary");
        assertThat(CmafManifests.role(new AudioRendition("audio3.m3u8", 2, "en", "English (Audio Description)", false, 2, true), false))
                .isEqualTo("description");
        String mpd = "<AdaptationSet id=\"1\" contentType=\"audio\" lang=\"de\">\n<Representation id=\"1\"/>";
        assertThat(CmafManifests.labelled(mpd, 1, GERMAN, "main")).contains("lang=\"de\">\n\t\t\t<Label>German</Label>"
                + "\n\t\t\t<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"main\" />\n<Representation");
    }
}
