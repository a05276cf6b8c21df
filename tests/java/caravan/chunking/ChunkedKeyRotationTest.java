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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating content keys with split-and-stitch: chunks are cut on key periods, so each chunk starts under its own key,
 * named in the stitched playlist; every segment decrypts with the key and IV its playlist states (the HLS conformance
 * check decrypts each one when the app closes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ChunkedKeyRotationTest {
    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;

    @BeforeAll
    void publishInChunksWithRotatingKeys() throws Exception {
        Path ladder = Files.writeString(data.resolve("ladder.json"), """
                {"video": {"preset": "ultrafast", "gopSeconds": 2}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "144p", "height": 144, "videoKbps": 120}]}""");
        // a chunk of about 3 s with keys every 2 segments (4 s) is cut at 4 s: chunks start where keys start
        app = CaravanApp.start(data.resolve("caravan"), Map.of("caravan.ladder.file", ladder.toString(),
                "caravan.chunking.minSeconds", "8", "caravan.chunking.chunkSeconds", "3",
                "caravan.delivery.keyRotationSegments", "2", "caravan.outputs.thumbnailSeconds", "0",
                "caravan.outputs.storyboardSeconds", "0", "caravan.quality.sampleEvery", "0"));
        app.drop(TestClips.landscape(13), "rotating.mp4");
        asset = app.awaitOutcome("rotating.mp4", Duration.ofSeconds(120));
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void everyChunkStartsUnderTheKeyOfItsFirstSegment() throws Exception {
        assertThat(asset.getChunks().total()).as("3 chunks of 4 s and the audio").isEqualTo(4);
        assertThat(asset.getCost().cpuSecondsByStage()).as("every item's ffmpeg is the asset's transcode cost")
                .containsKey("transcode").doesNotContainKey("ffmpeg-chunk");
        Path playlist = app.data().resolve("media").resolve(asset.getId()).resolve("144p/index.m3u8");
        List<String> keyOfSegment = new ArrayList<>();
        String key = null;
        for (String line : Files.readAllLines(playlist)) {
            if (line.startsWith("#EXT-X-KEY:")) {
                key = line;
            } else if (line.endsWith(".ts")) {
                keyOfSegment.add(key);
            }
        }
        assertThat(keyOfSegment).hasSizeGreaterThanOrEqualTo(6);
        String base = "/keys/" + asset.getId();
        for (int s : List.of(0, 2, 4)) { // the chunks' first segments
            assertThat(keyOfSegment.get(s)).as("segment %d", s).contains("URI=\"" + base + (s == 0 ? "" : "/" + s / 2) + "\"");
        }
        assertThat(keyOfSegment.stream().map(k -> k.replaceAll(",IV=.*", "")).distinct().count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aPlayersGrantFetchesEachRotatedKeyAndNothingElse() throws Exception {
        byte[] first = app.contentKey(asset.getId()); // a grant, then key 0 as a player fetches it
        java.net.http.HttpResponse<byte[]> second = app.viewerGet("/keys/" + asset.getId() + "/1");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).hasSize(16).isNotEqualTo(first);
        assertThat(app.viewerGet("/keys/" + asset.getId() + "/not-a-number").statusCode()).isEqualTo(404);
        java.net.http.HttpResponse<byte[]> anonymous = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(app.baseUrl() + "/keys/" + asset.getId() + "/1")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).as("no grant, no key").isEqualTo(403);
    }
}
