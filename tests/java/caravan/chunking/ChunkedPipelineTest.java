package caravan.chunking;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
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

/** Split-and-stitch end to end on one machine: a video longer than the threshold is encoded in chunks and published. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ChunkedPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;
    Path published;

    @BeforeAll
    void publishInChunks() throws Exception {
        Path ladder = data.resolve("test-ladder.json");
        Files.writeString(ladder, """
                {"video": {"preset": "ultrafast", "gopSeconds": 2}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "240p", "height": 240, "videoKbps": 300}, {"name": "144p", "height": 144, "videoKbps": 120}]}""");
        app = CaravanApp.start(data.resolve("caravan"), Map.of("caravan.ladder.file", ladder.toString(),
                "caravan.chunking.minSeconds", "8", "caravan.chunking.chunkSeconds", "4"));
        app.drop(TestClips.landscape(13), "long-lecture.mp4");
        asset = app.awaitOutcome("long-lecture.mp4", WAIT);
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
        published = app.data().resolve("media").resolve(asset.getId());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theVideoWasEncodedInChunksAndPublishedWhole() throws Exception {
        assertThat(asset.getChunks()).isNotNull();
        assertThat(asset.getChunks().total()).isEqualTo(4);
        assertThat(asset.getChunks().done()).isEqualTo(4);
        String master = Files.readString(published.resolve("master.m3u8"));
        assertThat(master).contains("AUDIO=\"audio\"", "240p/index.m3u8", "144p/index.m3u8");
        assertThat(Files.readString(published.resolve("240p/index.m3u8"))).doesNotContain("DISCONTINUITY").contains("#EXT-X-ENDLIST");
        assertThat(published.resolve("poster.jpg")).exists();
        assertThat(app.data().resolve("work").resolve(asset.getId())).doesNotExist();
    }
}
