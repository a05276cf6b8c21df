package caravan.aws;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.MediaConvertStandIn;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A MediaConvert asset is as complete as an ffmpeg one: its API record has the poster chosen the same way (from the
 * job's frame captures, skipping a black start), thumbnails and a storyboard with their WebVTT indexes, the sidecar
 * and embedded captions as a SUBTITLES group in the published master, the MP4 download MediaConvert encoded (index
 * first), and quality sampled against the source with BANDWIDTH no lower than the measured peak. WireMock plays
 * MediaConvert's API; what a completed job writes to S3 is made with ffmpeg from the clip, per output group of the
 * CreateJob body the worker sent ({@link MediaConvertStandIn#produce}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class MediaConvertOutputsTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    @TempDir
    static Path dir;
    MediaConvertStandIn world;
    AwsStack stack;
    S3Client s3;
    CaravanApp app;

    @BeforeAll
    void start() throws Exception {
        world = MediaConvertStandIn.start(dir.resolve("worker"), "caravan-mco", Map.of("caravan.mediaconvert.sweepMillis", "500",
                "caravan.mediaconvert.overdueMillis", "60000", "caravan.outputs.downloadRung", "240p",
                "caravan.outputs.thumbnailSeconds", "2", "caravan.outputs.storyboardSeconds", "1"));
        stack = world.stack();
        s3 = world.s3();
        app = world.app();
    }

    @AfterAll
    void stop() throws Exception {
        world.close();
    }

    @Test
    void aMediaConvertAssetHasPosterThumbnailsStoryboardCaptionsDownloadAndSampledQuality() throws Exception {
        Path clip = TestClips.variant(TestClips.blackStartLecture(), "mc-outputs");
        String in = stack.outputs().get("IngestBucket");
        String out = stack.outputs().get("OutputBucket");
        s3.putObject(b -> b.bucket(in).key("week 2/lecture.fr.vtt"), RequestBody.fromString("""
                WEBVTT

                00:00:00.500 --> 00:00:02.000
                Bonjour

                00:00:03.000 --> 00:00:05.000
                Deuxième ligne
                """));
        s3.putObject(b -> b.bucket(in).key("week 2/lecture.mp4"), RequestBody.fromFile(clip));
        String id = await("week 2/lecture.mp4", a -> a.getEngineJob() != null).getId();

        JsonNode job = world.createJob(id);
        List<String> groups = new ArrayList<>();
        job.at("/settings/outputGroups").forEach(g -> groups.add(g.path("name").asText()));
        assertThat(groups).containsExactly("HLS", "Frames", "Download");
        assertThat(job.at("/settings/outputGroups/2/outputs/0/containerSettings/mp4Settings/moovPlacement").asText())
                .isEqualTo("PROGRESSIVE_DOWNLOAD");

        world.produce(id, clip);
        world.sqs().sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue"))
                .messageBody(MediaConvertStandIn.stateChange(id, "COMPLETE", null, null)));
        Asset ready = await("week 2/lecture.mp4", a -> a.getStatus().isOutcome());
        assertThat(ready.getStatus()).as("%s", ready.getError()).isEqualTo(AssetStatus.READY);

        JsonNode record = Json.MAPPER.readTree(app.get("/api/assets/" + id, app.token()).body());
        JsonNode outputs = record.path("outputs");
        // the same poster choice as ffmpeg's: the black first two seconds are passed over
        assertThat(outputs.at("/poster/from").asText()).isEqualTo("frame");
        assertThat(outputs.at("/poster/atSeconds").asDouble()).isGreaterThanOrEqualTo(2.0);
        assertThat(outputs.at("/poster/large/width").asInt()).isEqualTo(640);
        assertThat(outputs.at("/poster/small/width").asInt()).isEqualTo(320);
        assertThat(outputs.at("/thumbnails/count").asInt()).isEqualTo(4);
        assertThat(outputs.at("/storyboard/count").asInt()).isEqualTo(8);
        assertThat(outputs.at("/download/path").asText()).isEqualTo("download.mp4");
        assertThat(outputs.at("/download/rendition").asText()).isEqualTo("240p");
        List<String> captions = new ArrayList<>();
        outputs.path("captions").forEach(c -> captions.add(c.path("language").asText() + "/" + c.path("origin").asText()));
        assertThat(captions).containsExactlyInAnyOrder("fr/sidecar", "en/embedded");

        // published beside the ladder, the master last and rewritten: a SUBTITLES group, honest BANDWIDTH
        String master = text(out, "media/" + id + "/master.m3u8");
        assertThat(master).contains("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\"").contains("SUBTITLES=\"captions\"");
        for (String key : List.of("poster.jpg", "poster-small.jpg", "thumbnails/thumbnails.vtt", "storyboard/storyboard.vtt",
                "storyboard/sprite_001.jpg", outputs.at("/captions/0/playlist").asText(), outputs.at("/captions/0/vtt").asText(), "download.mp4")) {
            assertThat(s3.headObject(b -> b.bucket(out).key("media/" + id + "/" + key)).contentLength()).as(key).isPositive();
        }
        assertThat(text(out, "media/" + id + "/thumbnails/thumbnails.vtt")).contains("thumb_00001.jpg").contains("thumb_00004.jpg");
        assertThat(s3.listObjectsV2(b -> b.bucket(out).prefix("captures/" + id + "/")).contents()).as("captures removed").isEmpty();
        byte[] mp4 = s3.getObjectAsBytes(b -> b.bucket(out).key("media/" + id + "/download.mp4")).asByteArray();
        assertThat(new String(mp4, 0, 64, java.nio.charset.StandardCharsets.ISO_8859_1)).as("index first").contains("moov");

        JsonNode renditions = record.path("renditions");
        assertThat(renditions).isNotEmpty();
        for (JsonNode r : renditions) {
            JsonNode q = r.path("quality");
            assertThat(q.path("ssim").asDouble()).as("SSIM of %s", r.path("name")).isGreaterThan(0.8).isLessThanOrEqualTo(1.0);
            assertThat(q.path("psnr").asDouble()).as("PSNR of %s", r.path("name")).isGreaterThan(25);
            assertThat(q.path("sampledFrames").asInt()).as("sampled frames of %s", r.path("name")).isGreaterThanOrEqualTo(50);
            assertThat(r.path("bandwidth").asLong()).as("BANDWIDTH of %s", r.path("name")).isGreaterThanOrEqualTo(q.path("peakBitrate").asLong());
        }
    }

    @Test
    void aSoundOnlyMediaConvertAssetGetsTheWaveformPosterAsWithFfmpeg() throws Exception {
        Path clip = TestClips.variant(TestClips.audioOnly(), "mc-waveform");
        String in = stack.outputs().get("IngestBucket");
        String out = stack.outputs().get("OutputBucket");
        s3.putObject(b -> b.bucket(in).key("podcasts/episode.m4a"), RequestBody.fromFile(clip));
        String id = await("podcasts/episode.m4a", a -> a.getEngineJob() != null).getId();

        world.produce(id, clip);
        world.sqs().sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue"))
                .messageBody(MediaConvertStandIn.stateChange(id, "COMPLETE", null, null)));
        Asset ready = await("podcasts/episode.m4a", a -> a.getStatus().isOutcome());
        assertThat(ready.getStatus()).as("%s", ready.getError()).isEqualTo(AssetStatus.READY);

        JsonNode poster = Json.MAPPER.readTree(app.get("/api/assets/" + id, app.token()).body()).at("/outputs/poster");
        assertThat(poster.path("from").asText()).isEqualTo("waveform");
        assertThat(poster.at("/large/width").asInt()).isEqualTo(1280);
        assertThat(poster.at("/small/width").asInt()).isPositive();
        for (String key : List.of("poster.jpg", "poster-small.jpg")) {
            byte[] jpeg = s3.getObjectAsBytes(b -> b.bucket(out).key("media/" + id + "/" + key)).asByteArray();
            assertThat(jpeg).as(key).hasSizeGreaterThan(1000);
            assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg))).as("%s is a picture", key).isNotNull();
        }
    }

    private String text(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    private Asset await(String key, Predicate<Asset> condition) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            var found = world.assets().list(1000, null).stream().filter(a -> a.getSource().name().equals(key)).findFirst();
            if (found.isPresent() && condition.test(found.get())) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("asset for " + key + " never got there");
    }
}
