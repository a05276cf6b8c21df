package caravan.transcode;

import caravan.asset.ProbeSummary;
import caravan.asset.ProbeSummary.AudioInfo;
import caravan.asset.ProbeSummary.VideoInfo;
import caravan.transcode.LadderPlan.PlannedRung;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class LadderPlannerTest {
    private static Ladder ladder;

    @BeforeAll
    static void loadDefaultLadder() {
        ladder = Ladder.load(Path.of("config/ladder.json"));
    }

    static ProbeSummary video(int width, int height, double fps, boolean interlaced, boolean withAudio) {
        VideoInfo v = new VideoInfo("h264", width, height, 0, fps, false, "yuv420p", 8, interlaced);
        AudioInfo a = withAudio ? new AudioInfo("aac", 2, "stereo", 48000) : null;
        return new ProbeSummary("mov,mp4,m4a,3gp,3g2,mj2", 10.0, 2_000_000, v, a,
                withAudio ? List.of("video:h264", "audio:aac") : List.of("video:h264"));
    }

    static ProbeSummary video(int width, int height) {
        return video(width, height, 25, false, true);
    }

    @Test
    void fullHdLandscapeGetsEveryRungWithEvenWidths() {
        LadderPlan plan = LadderPlanner.plan(video(1920, 1080), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height, PlannedRung::videoKbps)
                .containsExactly(
                        tuple("1080p", 1920, 1080, 5000),
                        tuple("720p", 1280, 720, 2800),
                        tuple("480p", 854, 480, 1400),
                        tuple("360p", 640, 360, 800),
                        tuple("240p", 426, 240, 400));
        assertThat(plan.video()).isTrue();
        assertThat(plan.audio()).isTrue();
        assertThat(plan.ladder()).isSameAs(ladder);
    }

    @Test
    void twoRungsAtTheTopHeightBothComeOutAsApplesAuthoringSpecificationSuggests() throws Exception {
        Ladder twoAtTheTop = Ladder.parse(caravan.asset.Json.MAPPER.readTree("""
                {"rungs": [{"name": "1080p", "height": 1080, "videoKbps": 5000}, {"name": "1080p-lite", "height": 1080, "videoKbps": 3500},
                           {"name": "720p", "height": 720, "videoKbps": 2800}]}
                """), "two-at-the-top");
        assertThat(LadderPlanner.plan(video(1920, 1080), twoAtTheTop).rungs())
                .extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height, PlannedRung::videoKbps)
                .containsExactly(tuple("1080p", 1920, 1080, 5000), tuple("1080p-lite", 1920, 1080, 3500), tuple("720p", 1280, 720, 2800));
        assertThat(LadderPlanner.plan(video(1280, 720), twoAtTheTop).rungs()).as("never upscaled").extracting(PlannedRung::height)
                .containsExactly(720);
    }

    @Test
    void hdSourceIsNeverUpscaled() {
        LadderPlan plan = LadderPlanner.plan(video(1280, 720), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(
                        tuple("720p", 1280, 720),
                        tuple("480p", 854, 480),
                        tuple("360p", 640, 360),
                        tuple("240p", 426, 240));
    }

    @Test
    void portraitSourceGetsPortraitRungs() {
        LadderPlan plan = LadderPlanner.plan(video(1080, 1920), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(
                        tuple("1080p", 1080, 1920),
                        tuple("720p", 720, 1280),
                        tuple("480p", 480, 854),
                        tuple("360p", 360, 640),
                        tuple("240p", 240, 426));
    }

    @Test
    void oddSizedSourceGetsEvenDimensions() {
        LadderPlan plan = LadderPlanner.plan(video(321, 241), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(tuple("240p", 320, 240));
    }

    @Test
    void sourceSmallerThanEveryRungGetsOneRungAtItsOwnSizeWithBitrateScaledByPixels() {
        LadderPlan plan = LadderPlanner.plan(video(160, 90), ladder);

        assertThat(plan.rungs()).hasSize(1);
        PlannedRung only = plan.rungs().get(0);
        assertThat(only.width()).isEqualTo(160);
        assertThat(only.height()).isEqualTo(90);
        // 240p is 400 kb/s at 426x240; 160x90 has (90/240)^2 of its pixels
        assertThat(only.videoKbps()).isEqualTo((int) Math.round(400 * (90.0 / 240) * (90.0 / 240)));
    }

    @Test
    void phoneClipBetweenRungsKeepsItsOwnSizeAsTheTopRung() {
        LadderPlan plan = LadderPlanner.plan(video(568, 320), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(tuple("320p", 568, 320), tuple("240p", 426, 240));
        int expectedKbps = (int) Math.round(800 * (320.0 / 360) * (320.0 / 360));
        assertThat(plan.rungs().get(0).videoKbps()).isEqualTo(expectedKbps)
                .isLessThan(800).isGreaterThan(plan.rungs().get(1).videoKbps());
    }

    @Test
    void portraitPhoneClipKeepsItsOwnSizeInPortrait() {
        LadderPlan plan = LadderPlanner.plan(video(320, 568), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(tuple("320p", 320, 568), tuple("240p", 240, 426));
    }

    @Test
    void sourceBetweenLargeRungsGetsANativeTopAndEveryRungBelow() {
        LadderPlan plan = LadderPlanner.plan(video(1600, 900), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(tuple("900p", 1600, 900), tuple("720p", 1280, 720), tuple("480p", 854, 480),
                        tuple("360p", 640, 360), tuple("240p", 426, 240));
    }

    @Test
    void sourceWithinTenPercentOfARungGetsNoNearDuplicateRung() {
        LadderPlan plan = LadderPlanner.plan(video(1920, 1088), ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name).containsExactly("1080p", "720p", "480p", "360p", "240p");
    }

    @Test
    void nativeRungNeverTakesAConfiguredRungsName(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("ladder.json");
        java.nio.file.Files.writeString(file, java.nio.file.Files.readString(Path.of("config/ladder.json"))
                .replace("\"name\": \"1080p\"", "\"name\": \"900p\""));
        Ladder renamed = Ladder.load(file);

        LadderPlan plan = LadderPlanner.plan(video(1600, 900), renamed);

        assertThat(plan.rungs()).extracting(PlannedRung::name).doesNotHaveDuplicates().startsWith("900p-native");
    }

    /**
     * "Never upscaled": no rung may be larger than the source in either dimension, and all are even.
     * Odd source sizes where a rung equals the source's short side (or the tiny-source fallback) expose rounding up.
     */
    @ParameterizedTest(name = "{0}x{1}")
    @CsvSource({"161,91", "1281,720", "720,1281", "241,135"})
    void oddSourceIsNeverScaledUpEvenByOnePixel(int width, int height) {
        LadderPlan plan = LadderPlanner.plan(video(width, height), ladder);

        assertThat(plan.rungs()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.width() % 2).as("even width of %s", r).isZero();
            assertThat(r.height() % 2).as("even height of %s", r).isZero();
            assertThat(r.width()).as("width of %s", r).isLessThanOrEqualTo(width);
            assertThat(r.height()).as("height of %s", r).isLessThanOrEqualTo(height);
        });
    }

    @Test
    void frameRateAboveTheCapIsCapped() {
        LadderPlan plan = LadderPlanner.plan(video(1280, 720, 120, false, true), ladder);

        assertThat(plan.frameRate()).isEqualTo(60.0);
        assertThat(plan.gopFrames()).isEqualTo(120);
    }

    @Test
    void unknownFrameRateBecomesThirty() {
        assertThat(LadderPlanner.plan(video(1280, 720, 0, false, true), ladder).frameRate()).isEqualTo(30.0);
        assertThat(LadderPlanner.plan(video(1280, 720, Double.NaN, false, true), ladder).frameRate()).isEqualTo(30.0);
        assertThat(LadderPlanner.plan(video(1280, 720, -1, false, true), ladder).frameRate()).isEqualTo(30.0);
    }

    @Test
    void commonFrameRatesStayExact() {
        LadderPlan plan = LadderPlanner.plan(video(1280, 720, 30000.0 / 1001, false, true), ladder);

        assertThat(plan.frameRate()).isEqualTo(30000.0 / 1001);
        assertThat(LadderPlanner.plan(video(1280, 720, 25, false, true), ladder).frameRate()).isEqualTo(25.0);
    }

    @Test
    void gopIsTwoSecondsOfFramesRounded() {
        assertThat(LadderPlanner.plan(video(1280, 720, 25, false, true), ladder).gopFrames()).isEqualTo(50);
        assertThat(LadderPlanner.plan(video(1280, 720, 30000.0 / 1001, false, true), ladder).gopFrames()).isEqualTo(60);
        assertThat(LadderPlanner.plan(video(1280, 720, 24000.0 / 1001, false, true), ladder).gopFrames()).isEqualTo(48);
        assertThat(LadderPlanner.plan(video(1280, 720, 0, false, true), ladder).gopFrames()).isEqualTo(60);
    }

    @Test
    void interlacedSourceIsDeinterlaced() {
        assertThat(LadderPlanner.plan(video(1920, 1080, 25, true, true), ladder).deinterlace()).isTrue();
        assertThat(LadderPlanner.plan(video(1920, 1080, 25, false, true), ladder).deinterlace()).isFalse();
    }

    @Test
    void audioOnlySourceHasNoRungs() {
        ProbeSummary audioOnly = new ProbeSummary("mov,mp4,m4a,3gp,3g2,mj2", 60, 128_000, null,
                new AudioInfo("aac", 2, "stereo", 44100), List.of("audio:aac"));

        LadderPlan plan = LadderPlanner.plan(audioOnly, ladder);

        assertThat(plan.rungs()).isEmpty();
        assertThat(plan.video()).isFalse();
        assertThat(plan.audio()).isTrue();
        assertThat(plan.deinterlace()).isFalse();
    }

    @Test
    void videoWithoutAudioPlansNoAudio() {
        LadderPlan plan = LadderPlanner.plan(video(1280, 720, 25, false, false), ladder);

        assertThat(plan.audio()).isFalse();
        assertThat(plan.video()).isTrue();
        assertThat(plan.rungs()).hasSize(4);
    }

    @Test
    void rungBitrateCeilingsFollowTheRungBitrate() {
        PlannedRung r = new PlannedRung("720p", 1280, 720, 2800);

        assertThat(r.maxKbps()).isEqualTo(2996);
        assertThat(r.bufferKbps()).isEqualTo(4200);
    }

    static ProbeSummary picture(int width, int height, int sarNum, int sarDen, ProbeSummary.Colour colour, String pixFmt) {
        VideoInfo v = new VideoInfo("h264", width, height, 0, 25, false, pixFmt, 8, false, sarNum, sarDen, colour);
        return new ProbeSummary("mov,mp4,m4a,3gp,3g2,mj2", 10.0, 2_000_000, v, null, List.of("video:h264"));
    }

    @Test
    void anamorphicWidescreenPalIsSizedByItsDisplayShapeWithSquarePixels() {
        LadderPlan plan = LadderPlanner.plan(picture(720, 576, 64, 45, null, "yuv420p"), ladder);

        // 720x576 at 64:45 displays as 1024x576: its own 576p on top, then 16:9 rungs (not 600x480, 450x360)
        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::width, PlannedRung::height)
                .containsExactly(tuple("576p", 1024, 576), tuple("480p", 854, 480), tuple("360p", 640, 360),
                        tuple("240p", 426, 240));
        assertThat(plan.rungs()).allSatisfy(r ->
                assertThat((double) r.width() / r.height()).as("shape of %s", r.name()).isCloseTo(16.0 / 9, within(0.01)));
    }

    @Test
    void anamorphicNtscIsSizedByItsDisplayShape() {
        // 720x480 at 40:33 (16:9 with the ITU's 704-pixel active width) and at 8:9 (4:3 cropped to 640 wide)
        assertThat(LadderPlanner.plan(picture(720, 480, 40, 33, null, "yuv420p"), ladder).rungs().get(0))
                .extracting(PlannedRung::width, PlannedRung::height).containsExactly(872, 480);
        assertThat(LadderPlanner.plan(picture(720, 480, 8, 9, null, "yuv420p"), ladder).rungs().get(0))
                .extracting(PlannedRung::width, PlannedRung::height).containsExactly(640, 480);
    }

    @Test
    void hdrSourceIsToneMappedToBt709() {
        ProbeSummary.Colour hlg = new ProbeSummary.Colour("arib-std-b67", "bt2020", "bt2020nc", "tv");
        ProbeSummary.Colour pq = new ProbeSummary.Colour("smpte2084", "bt2020", null, null);

        ColourConversion c = LadderPlanner.plan(picture(1920, 1080, 1, 1, hlg, "yuv420p10le"), ladder).colour();
        assertThat(c.kind()).isEqualTo(ColourConversion.Kind.TONE_MAP);
        assertThat(c.filters()).startsWith("zscale=tin=arib-std-b67:pin=bt2020:min=bt2020nc:rin=tv:t=linear")
                .contains("tonemap=").endsWith("zscale=t=bt709:m=bt709:r=tv,format=yuv420p");
        assertThat(LadderPlanner.plan(picture(3840, 2160, 1, 1, pq, "yuv420p10le"), ladder).colour().filters())
                .as("an untagged HDR matrix is BT.2020's").startsWith("zscale=tin=smpte2084:pin=bt2020:min=bt2020nc:rin=tv:");
    }

    @Test
    void sdMatrixAndFullRangeAreConvertedToBt709LimitedRange() {
        ProbeSummary.Colour bt601 = new ProbeSummary.Colour(null, null, "bt470bg", "tv");
        ProbeSummary.Colour fullHd = new ProbeSummary.Colour(null, null, "bt709", "pc");

        assertThat(LadderPlanner.plan(picture(720, 576, 64, 45, bt601, "yuv420p"), ladder).colour().filters())
                .isEqualTo("scale=in_color_matrix=bt470:out_color_matrix=bt709:in_range=tv:out_range=tv,format=yuv420p");
        assertThat(LadderPlanner.plan(picture(1280, 720, 1, 1, fullHd, "yuvj420p"), ladder).colour().filters())
                .isEqualTo("scale=in_color_matrix=bt709:out_color_matrix=bt709:in_range=pc:out_range=tv,format=yuv420p");
    }

    @Test
    void untaggedPictureIsTakenAsPlayersTakeIt() {
        assertThat(LadderPlanner.plan(picture(720, 576, 64, 45, null, "yuv420p"), ladder).colour().matrix())
                .as("untagged SD is BT.601").isEqualTo("smpte170m");
        assertThat(LadderPlanner.plan(picture(1280, 720, 1, 1, null, "yuv420p"), ladder).colour())
                .as("untagged HD is BT.709 already").isEqualTo(ColourConversion.NONE);
        assertThat(LadderPlanner.plan(video(1920, 1080), ladder).colour().filters()).isEqualTo("format=yuv420p");
    }

    @Test
    void aPerTitleChoiceSetsTheChosenBitratesAndLeavesOutTheDroppedRungsButNeverRaisesOne() {
        caravan.asset.Asset asset = new caravan.asset.Asset();
        asset.setProbe(video(1280, 720));
        asset.setLadderChoice(new caravan.asset.LadderChoice("per-title", 0.004, 2, List.of(
                new caravan.asset.LadderChoice.Rung("720p", 2800, 350, 0.9999, 0.999, 0.999),
                new caravan.asset.LadderChoice.Rung("480p", 1400, 320, 0.9999, 0.999, 0.999),
                new caravan.asset.LadderChoice.Rung("360p", 800, 900, 0.9999, 0.999, 0.999)), List.of("480p"), 1000));

        LadderPlan plan = LadderPlanner.plan(asset, ladder);

        assertThat(plan.rungs()).extracting(PlannedRung::name, PlannedRung::videoKbps)
                .containsExactly(tuple("720p", 350), tuple("360p", 800), tuple("240p", 400));
        asset.setLadderChoice(null);
        assertThat(LadderPlanner.plan(asset, ladder).rungs()).extracting(PlannedRung::videoKbps).containsExactly(2800, 1400, 800, 400);
    }
}
