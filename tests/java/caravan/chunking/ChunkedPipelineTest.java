package caravan.chunking;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.Rendition;
import caravan.notify.Outbox;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Split-and-stitch end to end on one machine, proven against the single pass: the same 14 s source (29.97 fps, so
 * frame times are not on whole seconds, with a rising tone) is published by a Caravan that encodes it in three 4 s
 * chunks plus one audio item, and by one with chunking off; both use the same two-rung ladder of 2 s segments. The
 * chunk boundaries are at 4 s and 8 s of the source.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ChunkedPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final double FRAME_RATE = 30000.0 / 1001;
    private static final double[] BOUNDARIES = {4, 8};
    private static final int AAC_FRAME = 1024;

    @TempDir
    static Path data;
    WebhookReceiver hooks;
    CaravanApp app;
    CaravanApp single;
    Path source;
    Asset asset;
    Asset reference;
    Path published;
    PublishedMedia chunked;
    PublishedMedia whole;

    @BeforeAll
    void publishInChunksAndInOnePass() throws Exception {
        Path ladder = data.resolve("test-ladder.json");
        Files.writeString(ladder, """
                {"video": {"preset": "ultrafast", "gopSeconds": 2}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "240p", "height": 240, "videoKbps": 300}, {"name": "144p", "height": 144, "videoKbps": 120}]}""");
        source = TestClips.make("chirp-29.97-14s.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30000/1001:duration=14",
                "-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*(220*t+40*t*t)):s=48000:d=14",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest"));
        Map<String, String> common = Map.of("caravan.ladder.file", ladder.toString(),
                "caravan.outputs.thumbnailSeconds", "3", "caravan.outputs.storyboardSeconds", "1");
        hooks = new WebhookReceiver();
        app = CaravanApp.start(data.resolve("caravan"), with(common, Map.of("caravan.chunking.minSeconds", "8",
                "caravan.chunking.chunkSeconds", "4", "caravan.webhook.urls", hooks.url())));
        app.drop(source, "long-lecture.mp4");
        asset = app.awaitOutcome("long-lecture.mp4", WAIT);
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
        published = app.data().resolve("media").resolve(asset.getId());
        chunked = new PublishedMedia(published, app.contentKey(asset.getId()));

        single = CaravanApp.start(data.resolve("single"), with(common, Map.of("caravan.chunking.enabled", "false")));
        single.drop(source, "long-lecture.mp4");
        reference = single.awaitOutcome("long-lecture.mp4", WAIT);
        assertThat(reference.getStatus()).as("%s", reference.getError()).isEqualTo(AssetStatus.READY);
        assertThat(reference.getChunks()).as("the reference is a single pass").isNull();
        whole = new PublishedMedia(single.data().resolve("media").resolve(reference.getId()), single.contentKey(reference.getId()));
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }

    @AfterAll
    void stop() throws Exception {
        try (WebhookReceiver h = hooks; CaravanApp s = single) {
            app.close();
        }
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

    /**
     * Every rung has every frame of the source, once (420 at 29.97 fps, as the single pass's rung), its decode
     * timestamps rise strictly from the first segment to the last (across both chunk boundaries), and no segment is
     * longer than the playlist's target duration (as HLS counts it: rounded to whole seconds).
     */
    @Test
    void everyRungHasEveryFrameOnceInOrderInSegmentsWithinTheTarget() throws Exception {
        for (Rendition rung : asset.getRenditions()) {
            String playlist = rung.playlist();
            List<Double> dts = chunked.decodeTimes(playlist, "v");
            List<Double> reference = whole.decodeTimes(playlist, "v");
            // the source's 420 frames through the ladder's 29.970030 fps conversion: 419, in the single pass as in chunks
            assertThat(dts).as("%s: frames, as the single pass's", rung.name()).hasSize(reference.size());
            assertThat(dts.size()).as("%s: frames of the source's 420", rung.name()).isBetween(419, 420);
            for (int i = 1; i < dts.size(); i++) {
                assertThat(dts.get(i)).as("%s: decode time of frame %d", rung.name(), i).isGreaterThan(dts.get(i - 1));
            }
            assertThat(dts.get(dts.size() - 1) - dts.get(0)).as("%s: decode times span the clip", rung.name())
                    .isCloseTo((dts.size() - 1) / FRAME_RATE, within(0.002));
            int target = chunked.targetDuration(playlist);
            // RFC 8216 4.3.3.1: each EXTINF rounded to the nearest integer is at most the target duration (2.002 s is 2)
            assertThat(chunked.segmentDurations(playlist)).as("%s: segments", rung.name())
                    .allSatisfy(d -> assertThat(Math.round(d)).isLessThanOrEqualTo(target));
        }
    }

    /** The stitched rungs cut their segments at the same times, as the single pass's rungs do. */
    @Test
    void segmentBoundariesAreTheSinglePassesOnEveryRung() throws Exception {
        List<Double> single = whole.segmentDurations("240p/index.m3u8");
        assertThat(single).hasSize(7);
        assertThat(asset.getRenditions()).extracting(Rendition::name).containsExactly("240p", "144p");
        for (Rendition rung : asset.getRenditions()) {
            assertThat(chunked.segmentDurations(rung.playlist())).as(rung.name()).isEqualTo(single);
            assertThat(whole.segmentDurations(rung.playlist())).as("single pass " + rung.name()).isEqualTo(single);
        }
    }

    /**
     * The audio, encoded once for the whole asset, decodes to as many samples as the single pass's and as the source's
     * within one AAC frame (after the encoder's priming frame), starts where the pictures start as in the single pass,
     * and around each chunk boundary (±50 ms) is the single pass's sound: the tone, neither silent nor jumping.
     */
    @Test
    void theAudioIsWholeAndContinuousAcrossChunkBoundaries() throws Exception {
        String playlist = asset.getOutputs().audio().get(0).playlist();
        float[] audio = chunked.samples(playlist);
        float[] single = whole.samples(playlist);
        float[] original = PublishedMedia.decode(List.of(), source);
        System.out.printf("samples: chunked %d single %d source %d%n", audio.length, single.length, original.length);
        assertThat(audio.length).as("samples, as the single pass").isEqualTo(single.length);
        assertThat(Math.abs(audio.length - AAC_FRAME - original.length)).as("samples after the priming frame, as the source")
                .isLessThan(AAC_FRAME);

        double avChunked = chunked.decodeTimes(playlist, "a").get(0) - chunked.decodeTimes("240p/index.m3u8", "v").get(0);
        double avSingle = whole.decodeTimes(playlist, "a").get(0) - whole.decodeTimes("240p/index.m3u8", "v").get(0);
        System.out.printf("audio starts %.4f s after the video (single pass %.4f)%n", avChunked, avSingle);
        assertThat(avChunked).as("the audio lines up with the pictures as in the single pass").isCloseTo(avSingle, within(0.001));

        for (double boundary : BOUNDARIES) {
            int from = (int) Math.round((boundary - 0.05) * 48000) + AAC_FRAME;
            int to = (int) Math.round((boundary + 0.05) * 48000) + AAC_FRAME;
            double maxDifference = 0;
            double rms = 0;
            double rmsSingle = 0;
            double maxStep = 0;
            for (int i = from; i < to; i++) {
                maxDifference = Math.max(maxDifference, Math.abs(audio[i] - single[i]));
                rms += audio[i] * audio[i];
                rmsSingle += single[i] * single[i];
                maxStep = Math.max(maxStep, Math.abs(audio[i + 1] - audio[i]));
            }
            rms = Math.sqrt(rms / (to - from));
            rmsSingle = Math.sqrt(rmsSingle / (to - from));
            System.out.printf("boundary %.0f s: max difference %.5f, rms %.4f (single %.4f), max step %.4f%n", boundary, maxDifference,
                    rms, rmsSingle, maxStep);
            assertThat(maxDifference).as("samples around %s s against the single pass", boundary).isLessThan(0.02);
            assertThat(rms).as("no silence around %s s", boundary).isGreaterThan(0.8 * rmsSingle).isGreaterThan(0.05);
            // the tone (220 + 80 t Hz) moves at most 2*PI*f/48000 of its amplitude (rms * sqrt 2) from one sample to the next
            double toneStep = 2 * Math.PI * (220 + 80 * boundary) / 48000 * rmsSingle * Math.sqrt(2);
            assertThat(maxStep).as("no jump around %s s", boundary).isLessThan(1.5 * toneStep);
        }
    }

    /** Each rung's SSIM against the source in the frames within 0.5 s of a chunk boundary is its SSIM elsewhere. */
    @Test
    void pictureQualityAtChunkBoundariesIsTheQualityElsewhere() throws Exception {
        for (Rendition rung : asset.getRenditions()) {
            List<Double> ssim = chunked.ssimPerFrame(rung.playlist(), source, FRAME_RATE, rung.width(), rung.height());
            assertThat(ssim).as("%s: every frame compared", rung.name()).hasSize(whole.decodeTimes(rung.playlist(), "v").size());
            double near = 0;
            double far = 0;
            int nearCount = 0;
            for (int i = 0; i < ssim.size(); i++) {
                double t = i / FRAME_RATE;
                boolean atBoundary = false;
                for (double b : BOUNDARIES) {
                    atBoundary |= Math.abs(t - b) <= 0.5;
                }
                if (atBoundary) {
                    near += ssim.get(i);
                    nearCount++;
                } else {
                    far += ssim.get(i);
                }
            }
            near /= nearCount;
            far /= ssim.size() - nearCount;
            System.out.printf("%s: SSIM %.4f within 0.5 s of a boundary (%d frames), %.4f elsewhere%n", rung.name(), near, nearCount, far);
            assertThat(near).as("%s: SSIM near the boundaries", rung.name()).isCloseTo(far, within(0.01));
        }
    }

    /**
     * Everything besides the ladder is whole-asset, as after the single pass: as many thumbnails and storyboard tiles,
     * the same poster frame, quality measured on every rendition; the API shows every chunk done; one asset.ready.
     */
    @Test
    void wholeAssetOutputsAreTheSinglePassesAndReadyIsSentOnce() throws Exception {
        var outputs = asset.getOutputs();
        var expected = reference.getOutputs();
        assertThat(outputs.thumbnails().count()).isEqualTo(expected.thumbnails().count()).isGreaterThanOrEqualTo(4);
        assertThat(outputs.storyboard().count()).isEqualTo(expected.storyboard().count()).isGreaterThanOrEqualTo(13);
        assertThat(outputs.storyboard().sprites()).hasSameSizeAs(expected.storyboard().sprites());
        assertThat(outputs.poster().atSeconds()).isEqualTo(expected.poster().atSeconds());
        assertThat(asset.getRenditions()).hasSameSizeAs(reference.getRenditions())
                .allSatisfy(r -> assertThat(r.quality()).as(r.name()).isNotNull()
                        .satisfies(q -> assertThat(q.ssim()).as(r.name() + " SSIM").isNotNull().isGreaterThan(0.5)));

        JsonNode api = Json.MAPPER.readTree(app.get("/api/assets/" + asset.getId(), app.token()).body());
        assertThat(api.path("chunks").path("total").asInt()).isEqualTo(4);
        assertThat(api.path("chunks").path("done").asInt()).isEqualTo(4);

        assertThat(app.outbox().deliveries(asset.getId())).extracting(Outbox.Delivery::type)
                .filteredOn("asset.ready"::equals).hasSize(1);
        for (int i = 0; i < 100 && hooks.accepted(asset.getId(), "asset.ready").isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(hooks.accepted(asset.getId(), "asset.ready")).hasSize(1);
    }

    /**
     * A source whose pictures cannot be decoded (its index intact, so it probes as a 14 s video and is split): every
     * chunk fails; the asset fails once, UNDECODABLE_MEDIA, its message naming a chunk, with one asset.failed event.
     */
    @Test
    void aChunkThatFailsForGoodFailsTheAssetOnceNamingTheChunk() throws Exception {
        Path silent = TestClips.make("garbled-source-base-14s.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=320x240:rate=25:duration=14", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
        byte[] bytes = Files.readAllBytes(silent);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int mdat = text.indexOf("mdat");
        int moov = text.indexOf("moov");
        assertThat(mdat).isPositive().isLessThan(moov);
        Random noise = new Random(15);
        for (int i = mdat + 4 + 40; i < moov - 8; i++) {
            bytes[i] = (byte) noise.nextInt(256);
        }
        Path garbled = Files.write(data.resolve("garbled.mp4"), bytes);
        app.drop(garbled, "garbled lecture.mp4");
        Asset failed = app.awaitOutcome("garbled lecture.mp4", WAIT);

        assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(failed.getChunks()).as("it was split").isNotNull();
        assertThat(failed.getError().code()).as(failed.getError().message()).isEqualTo("UNDECODABLE_MEDIA");
        assertThat(failed.getError().message()).containsPattern("chunk [1-3] of 3 \\(0:[01][0-9]-0:[01][0-9]\\)");
        assertThat(app.outbox().deliveries(failed.getId())).extracting(Outbox.Delivery::type)
                .filteredOn("asset.failed"::equals).hasSize(1);
    }
}
