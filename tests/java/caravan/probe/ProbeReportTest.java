package caravan.probe;

import caravan.asset.ProbeSummary;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

/** Fixtures in tests/resources/probe are real ffprobe 8.0.1 outputs (-show_format -show_streams -show_error). */
class ProbeReportTest {

    private static String fixture(String name) throws IOException {
        try (InputStream in = ProbeReportTest.class.getResourceAsStream("/probe/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ProbeSummary parse(String fixture) throws IOException {
        return ProbeReport.parse(fixture(fixture));
    }

    private static RejectedInput rejected(String json) {
        RejectedInput e = catchThrowableOfType(RejectedInput.class, () -> ProbeReport.parse(json));
        assertThat(e).as("rejection of %s", json).isNotNull();
        return e;
    }

    @Test
    void rotatedPhoneVideoIsReportedAsDisplayed() throws IOException {
        ProbeSummary p = parse("rotated-portrait-5.1.json");

        assertThat(p.container()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
        assertThat(p.durationSeconds()).isCloseTo(2.005, within(0.001));
        assertThat(p.bitRate()).isEqualTo(2_696_406L);
        assertThat(p.hasVideo()).isTrue();
        assertThat(p.video().codec()).isEqualTo("h264");
        assertThat(p.video().width()).isEqualTo(1080);
        assertThat(p.video().height()).isEqualTo(1920);
        assertThat(p.video().rotation()).isEqualTo(270);
        assertThat(p.video().frameRate()).isEqualTo(24.0);
        assertThat(p.video().variableFrameRate()).isFalse();
        assertThat(p.video().bitDepth()).isEqualTo(8);
        assertThat(p.video().interlaced()).isFalse();
        assertThat(p.hasAudio()).isTrue();
        assertThat(p.audio().codec()).isEqualTo("aac");
        assertThat(p.audio().channels()).isEqualTo(6);
        assertThat(p.audio().channelLayout()).isEqualTo("5.1");
        assertThat(p.audio().sampleRate()).isEqualTo(48000);
        assertThat(p.streams()).containsExactly("video:h264", "audio:aac");
    }

    @Test
    void audioOnlyFileHasNoVideo() throws IOException {
        ProbeSummary p = parse("audio-only-aac.json");

        assertThat(p.hasVideo()).isFalse();
        assertThat(p.video()).isNull();
        assertThat(p.hasAudio()).isTrue();
        assertThat(p.audio().codec()).isEqualTo("aac");
        assertThat(p.audio().channels()).isEqualTo(1);
        assertThat(p.audio().sampleRate()).isEqualTo(44100);
        assertThat(p.durationSeconds()).isCloseTo(2.0, within(0.01));
    }

    @Test
    void coverArtIsNotTakenForVideo() throws IOException {
        ProbeSummary p = parse("audio-with-cover-art.json");

        assertThat(p.hasVideo()).as("an attached picture is not a video track").isFalse();
        assertThat(p.hasAudio()).isTrue();
        assertThat(p.streams()).containsExactly("audio:aac", "video:png");
    }

    @Test
    void tenBitVideoReportsItsDepth() throws IOException {
        ProbeSummary p = parse("h264-10bit.json");

        assertThat(p.video().bitDepth()).isEqualTo(10);
        assertThat(p.video().pixelFormat()).isEqualTo("yuv420p10le");
        assertThat(p.video().width()).isEqualTo(320);
        assertThat(p.video().height()).isEqualTo(240);
        assertThat(p.video().rotation()).isZero();
    }

    @Test
    void bitDepthFallsBackToThePixelFormat() {
        String json = "{\"format\": {\"format_name\": \"matroska,webm\", \"duration\": \"1.0\"}, \"streams\": ["
                + "{\"codec_type\": \"video\", \"codec_name\": \"vp9\", \"width\": 640, \"height\": 360,"
                + " \"pix_fmt\": \"yuv420p12le\", \"avg_frame_rate\": \"25/1\", \"r_frame_rate\": \"25/1\"}]}";

        assertThat(ProbeReport.parse(json).video().bitDepth()).isEqualTo(12);
    }

    @Test
    void interlacedVideoIsFlagged() throws IOException {
        String json = fixture("interlaced-tff.json");
        assertThat(json).contains("\"field_order\": \"tt\"");

        ProbeSummary p = ProbeReport.parse(json);

        assertThat(p.video().interlaced()).isTrue();
        assertThat(p.video().frameRate()).isEqualTo(25.0);
    }

    @Test
    void videoWithoutAudio() throws IOException {
        ProbeSummary p = parse("video-no-audio.json");

        assertThat(p.hasVideo()).isTrue();
        assertThat(p.hasAudio()).isFalse();
        assertThat(p.video().interlaced()).isFalse();
        assertThat(p.video().bitDepth()).isEqualTo(8);
        assertThat(p.streams()).containsExactly("video:h264");
    }

    @Test
    void variableFrameRateIsDetected() throws IOException {
        ProbeSummary p = parse("variable-frame-rate.json");

        assertThat(p.video().variableFrameRate()).isTrue();
        assertThat(p.video().frameRate()).as("average rate").isEqualTo(18.0);
        assertThat(p.durationSeconds()).isCloseTo(5.0, within(0.01));
    }

    @Test
    void ffprobeErrorIsUnreadableMedia() throws IOException {
        assertThat(rejected(fixture("text-renamed-mp4-error.json")).code()).isEqualTo(ErrorCode.UNREADABLE_MEDIA);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "", "   ", "null", "not json at all", "{\"streams\": []}"})
    void emptyOrGarbageOutputIsUnreadableMedia(String json) {
        RejectedInput e = rejected(json);

        assertThat(e.code()).isEqualTo(ErrorCode.UNREADABLE_MEDIA);
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void nullOutputIsUnreadableMedia() {
        assertThat(rejected(null).code()).isEqualTo(ErrorCode.UNREADABLE_MEDIA);
    }

    @Test
    void durationFallsBackToTheLongestStream() {
        String json = "{\"format\": {\"format_name\": \"mpegts\"}, \"streams\": ["
                + "{\"codec_type\": \"video\", \"codec_name\": \"h264\", \"width\": 640, \"height\": 360, \"duration\": \"3.5\"},"
                + "{\"codec_type\": \"audio\", \"codec_name\": \"aac\", \"channels\": 2, \"duration\": \"4.25\"}]}";

        assertThat(ProbeReport.parse(json).durationSeconds()).isEqualTo(4.25);
    }

    @Test
    void everyAudioStreamIsRecordedWithItsLanguageTitleAndDispositions() {
        String json = "{\"format\": {\"format_name\": \"matroska,webm\", \"duration\": \"3\"}, \"streams\": ["
                + "{\"codec_type\": \"video\", \"codec_name\": \"h264\", \"width\": 320, \"height\": 240},"
                + "{\"codec_type\": \"audio\", \"codec_name\": \"aac\", \"channels\": 2, \"tags\": {\"language\": \"eng\"},"
                + " \"disposition\": {\"default\": 1, \"comment\": 0}},"
                + "{\"codec_type\": \"audio\", \"codec_name\": \"opus\", \"channels\": 6, \"tags\": {\"language\": \"ger\","
                + " \"title\": \"Deutsch\"}, \"disposition\": {\"default\": 0}},"
                + "{\"codec_type\": \"audio\", \"codec_name\": \"unknown\", \"channels\": 0},"
                + "{\"codec_type\": \"audio\", \"codec_name\": \"ac3\", \"channels\": 2,"
                + " \"disposition\": {\"comment\": 1, \"visual_impaired\": 1}}]}";

        ProbeSummary p = ProbeReport.parse(json);

        assertThat(p.audio().codec()).isEqualTo("aac");
        assertThat(p.audioTracks()).containsExactly(
                new ProbeSummary.AudioTrack(0, "aac", 2, "en", null, true, false, false),
                new ProbeSummary.AudioTrack(1, "opus", 6, "de", "Deutsch", false, false, false),
                new ProbeSummary.AudioTrack(3, "ac3", 2, "und", null, false, true, true));
    }

    @Test
    void aRecordMadeBeforeTracksWereProbedHasItsFirstTrack() {
        ProbeSummary old = new ProbeSummary("mov", 2, 0, null, new ProbeSummary.AudioInfo("aac", 2, "stereo", 48000), List.of("audio:aac"));

        assertThat(old.audioTracks()).containsExactly(new ProbeSummary.AudioTrack(0, "aac", 2, "und", null, true, false, false));
    }

    @Test
    void legacyRotateTagIsHonoured() {
        String json = "{\"format\": {\"format_name\": \"mov\", \"duration\": \"1\"}, \"streams\": ["
                + "{\"codec_type\": \"video\", \"codec_name\": \"h264\", \"width\": 1280, \"height\": 720,"
                + " \"tags\": {\"rotate\": \"90\"}}]}";

        ProbeSummary p = ProbeReport.parse(json);

        assertThat(p.video().rotation()).isEqualTo(90);
        assertThat(p.video().width()).isEqualTo(720);
        assertThat(p.video().height()).isEqualTo(1280);
    }

    @Test
    void frameRateFractions() {
        assertThat(ProbeReport.rate("30000/1001")).isCloseTo(29.97, within(0.001));
        assertThat(ProbeReport.rate("25")).isEqualTo(25.0);
        assertThat(ProbeReport.rate("0/0")).isZero();
        assertThat(ProbeReport.rate("N/A")).isZero();
    }
    @Test
    void subtitleTracksAreListedWithTheirLanguageAndWhetherTheyAreText() throws IOException {
        ProbeSummary p = parse("matroska-two-text-subtitles.json");
        assertThat(p.subtitles()).containsExactly(
                new ProbeSummary.SubtitleInfo(0, "subrip", "ger", true),
                new ProbeSummary.SubtitleInfo(1, "ass", null, true));
        assertThat(p.textSubtitles()).hasSize(2);
        assertThat(ProbeSummary.SubtitleInfo.isText("hdmv_pgs_subtitle")).isFalse();
        assertThat(parse("video-no-audio.json").subtitles()).isEmpty();
    }

    @Test
    void anamorphicPictureCarriesItsPixelShapeAndDisplaySize() throws IOException {
        ProbeSummary.VideoInfo v = parse("anamorphic-720x576.json").video();

        assertThat(v.width()).isEqualTo(720);
        assertThat(v.height()).isEqualTo(576);
        assertThat(v.sarNum()).isEqualTo(64);
        assertThat(v.sarDen()).isEqualTo(45);
        assertThat(v.displayWidth()).isEqualTo(1024);
        assertThat(v.displayHeight()).isEqualTo(576);
    }

    @Test
    void squareOrUnknownPixelShapeIsOneToOne() throws IOException {
        assertThat(parse("rotated-portrait-5.1.json").video()).extracting(ProbeSummary.VideoInfo::sarNum,
                ProbeSummary.VideoInfo::sarDen).containsExactly(1, 1);
        assertThat(ProbeReport.sampleAspectRatio("0:1")).containsExactly(1, 1);
        assertThat(ProbeReport.sampleAspectRatio("N/A")).containsExactly(1, 1);
        assertThat(ProbeReport.sampleAspectRatio("")).containsExactly(1, 1);
        assertThat(ProbeReport.sampleAspectRatio("1:100000")).as("absurd shapes are ignored").containsExactly(1, 1);
        assertThat(ProbeReport.sampleAspectRatio("40:33")).containsExactly(40, 33);
    }

    @Test
    void rotatedAnamorphicPictureStretchesItsDisplayedHeight() {
        String json = "{\"format\": {\"format_name\": \"mov\", \"duration\": \"1\"}, \"streams\": ["
                + "{\"codec_type\": \"video\", \"codec_name\": \"h264\", \"width\": 720, \"height\": 576,"
                + " \"sample_aspect_ratio\": \"64:45\", \"tags\": {\"rotate\": \"90\"}}]}";

        ProbeSummary.VideoInfo v = ProbeReport.parse(json).video();

        assertThat(v.displayWidth()).isEqualTo(576);
        assertThat(v.displayHeight()).isEqualTo(1024);
    }

    @Test
    void hdrPictureCarriesItsTransferPrimariesMatrixAndRange() throws IOException {
        ProbeSummary.VideoInfo v = parse("hlg-hevc-10bit.json").video();

        assertThat(v.codec()).isEqualTo("hevc");
        assertThat(v.bitDepth()).isEqualTo(10);
        assertThat(v.colour()).isEqualTo(new ProbeSummary.Colour("arib-std-b67", "bt2020", "bt2020nc", "tv"));
        assertThat(v.colour().highDynamicRange()).isTrue();
    }

    @Test
    void fullRangeAndUntaggedColourAreRecordedAsTheFileSaysThem() throws IOException {
        assertThat(parse("full-range.json").video().colour().range()).isEqualTo("pc");
        assertThat(parse("sd-bt601.json").video().colour())
                .isEqualTo(new ProbeSummary.Colour(null, null, "bt470bg", "tv"));
        ProbeSummary.Colour untagged = parse("video-no-audio.json").video().colour();
        assertThat(untagged.highDynamicRange()).isFalse();
        assertThat(untagged.matrix()).isNull();
    }

    @Test
    void aProbeRecordedBeforePixelShapeAndColourReadsAsSquareAndUnknown() throws IOException {
        String old = "{\"codec\":\"h264\",\"width\":720,\"height\":576,\"rotation\":0,\"frameRate\":25.0,"
                + "\"variableFrameRate\":false,\"pixelFormat\":\"yuv420p\",\"bitDepth\":8,\"interlaced\":false}";

        ProbeSummary.VideoInfo v = caravan.asset.Json.MAPPER.readValue(old, ProbeSummary.VideoInfo.class);

        assertThat(v.displayWidth()).isEqualTo(720);
        assertThat(v.colour()).isEqualTo(ProbeSummary.Colour.UNKNOWN);
    }
}
