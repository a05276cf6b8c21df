package caravan.quality;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Rendition;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlanner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SSIM Caravan reports for each rung is the SSIM a reviewer measures on their own (decode the published rung,
 * put the source on the same frames, pair by time): within 0.01, whatever the source's timing. Before frames were
 * paired by presentation time, sources whose first frame is not at the encoder's zero (an edit list, a late first
 * frame) were compared against pictures shifted in time and reported far lower.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class QualityAlignmentPipelineTest {
    private static final Duration WAIT = Duration.ofMinutes(4);
    private static final double TOLERANCE = 0.01;

    @TempDir
    static Path data;
    CaravanApp app;
    Ladder ladder;

    @BeforeAll
    void start() throws Exception {
        Path ladderFile = data.resolve("test-ladder.json");
        Files.writeString(ladderFile, """
                {"video": {"preset": "veryfast"}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "360p", "height": 360, "videoKbps": 500},
                           {"name": "240p", "height": 240, "videoKbps": 150}]}""");
        ladder = Ladder.load(ladderFile);
        app = CaravanApp.start(data, Map.of("caravan.ladder.file", ladderFile.toString(),
                "caravan.quality.sampleEvery", "3", "caravan.outputs.thumbnailSeconds", "0",
                "caravan.outputs.storyboardSeconds", "0"));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void rotatedSourceWithAnEditList() throws Exception {
        assertReportedSsimMatchesAnIndependentMeasure(TestClips.rotatedWithEditList(), "rotated-edit-list.mp4");
    }

    @Test
    void sourceWithAnEditList() throws Exception {
        assertReportedSsimMatchesAnIndependentMeasure(TestClips.withEditList(), "edit-list.mp4");
    }

    @Test
    void sourceWhoseFirstFrameIsLate() throws Exception {
        assertReportedSsimMatchesAnIndependentMeasure(TestClips.lateFirstFrame(), "late-first-frame.mp4");
    }

    @Test
    void variableFrameRateSource() throws Exception {
        assertReportedSsimMatchesAnIndependentMeasure(TestClips.variableFrameRate(), "variable-frame-rate.mp4");
    }

    private void assertReportedSsimMatchesAnIndependentMeasure(Path clip, String name) throws Exception {
        app.drop(clip, "timing/" + name);
        Asset asset = app.awaitOutcome("timing/" + name, WAIT);
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
        byte[] key = app.contentKey(asset.getId());
        Path published = data.resolve("media").resolve(asset.getId());
        double frameRate = LadderPlanner.plan(asset.getProbe(), ladder).frameRate();
        assertThat(asset.getRenditions()).hasSize(2);
        for (Rendition r : asset.getRenditions()) {
            assertThat(r.quality()).as("quality of %s", r.name()).isNotNull();
            double reported = r.quality().ssim();
            double independent = IndependentSsim.of(clip, published.resolve(r.playlist()), key, frameRate, r.width(), r.height());
            assertThat(reported).as("%s %s: reported SSIM against the independent %s", name, r.name(), independent)
                    .isCloseTo(independent, org.assertj.core.data.Offset.offset(TOLERANCE));
        }
    }
}
