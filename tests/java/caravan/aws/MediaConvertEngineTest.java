package caravan.aws;

import caravan.store.DynamoAssetStore;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.Rendition;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.MediaConvertStandIn;
import caravan.testing.Pipeline;
import caravan.testing.Scrape;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MediaConvert engine. MediaConvert is the one edge we cannot run, so its REST JSON API is played by WireMock;
 * everything else (S3, SQS, DynamoDB, KMS, SNS) is the emulator. The CreateJob body is checked against a reviewed
 * JSON file; job state-change events put on the queue decide each asset's fate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class MediaConvertEngineTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    @TempDir
    static Path dir;
    MediaConvertStandIn world;
    WireMockServer mediaConvert;
    AwsStack stack;
    S3Client s3;
    SqsClient sqs;
    DynamoAssetStore assets;
    CaravanApp app;

    @BeforeAll
    void start() throws Exception {
        world = MediaConvertStandIn.start(dir.resolve("worker"), "caravan-mc", Map.of("caravan.mediaconvert.sweepMillis", "500", "caravan.mediaconvert.overdueMillis", "1500"));
        mediaConvert = world.mediaConvert();
        stack = world.stack();
        s3 = world.s3();
        sqs = world.sqs();
        assets = world.assets();
        app = world.app();
    }

    @AfterAll
    void stop() throws Exception {
        world.close();
    }

    @Test
    void theJobIsBuiltFromTheLadderPlanAndACompleteEventPublishesTheAsset() throws Exception {
        upload("courses/mc lecture.mp4", TestClips.variant(TestClips.landscape(3), "mc-complete"));
        Asset submitted = await("courses/mc lecture.mp4", a -> a.getEngineJob() != null);
        String id = submitted.getId();
        assertThat(submitted.getEngineJob().jobId()).isEqualTo("job-" + id);

        JsonNode sent = Json.MAPPER.readTree(createJobBody(id));
        assertThat(sent.path("clientRequestToken").asText()).isEqualTo(id + "-run1");
        String key = sent.at("/settings/outputGroups/0/outputGroupSettings/hlsGroupSettings/encryption/staticKeyProvider/staticKeyValue").asText();
        assertThat(key).matches("[0-9a-f]{32}");
        String normalised = Json.MAPPER.writeValueAsString(sent).replace(id, "{assetId}").replace(key, "{contentKeyHex}")
                .replace(stack.outputs().get("IngestBucket"), "{ingestBucket}").replace(stack.outputs().get("OutputBucket"), "{outputBucket}");
        JsonNode expected = Json.MAPPER.readTree(Files.readString(Path.of("tests/resources/mediaconvert/create-job-854x480-with-audio.json")));
        if (!Json.MAPPER.readTree(normalised).equals(expected)) {
            Files.writeString(Path.of("target", "create-job-854x480-with-audio.actual.json"),
                    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(Json.MAPPER.readTree(normalised)));
        }
        assertThat(Json.MAPPER.readTree(normalised)).as("CreateJob body (actual in target/)").isEqualTo(expected);

        // the same S3 notification again while the job runs: still one asset and one job
        sqs.sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue")).messageBody(s3Event("courses/mc lecture.mp4")));
        Thread.sleep(2000);
        assertThat(mediaConvert.findAll(postRequestedFor(urlEqualTo("/2017-08-29/jobs")))
                .stream().filter(r -> r.getBodyAsString().contains(id))).hasSize(1);

        String out = stack.outputs().get("OutputBucket");
        for (String rung : List.of("480p", "360p", "240p")) {
            s3.putObject(b -> b.bucket(out).key("media/" + id + "/master_" + rung + ".m3u8"), RequestBody.fromString("#EXTM3U\n"));
        }
        s3.putObject(b -> b.bucket(out).key("media/" + id + "/master.m3u8"), RequestBody.fromString("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=1498000,RESOLUTION=854x480,CODECS="avc1.640028,mp4a.40.2"
                master_480p.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=856000,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2"
                master_360p.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=428000,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2"
                master_240p.m3u8
                """));
        sqs.sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue")).messageBody(MediaConvertStandIn.stateChange(id, "COMPLETE", null, null)));

        Asset ready = await("courses/mc lecture.mp4", a -> a.getStatus().isOutcome());
        assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(ready.getRenditions()).extracting(Rendition::name).containsExactly("480p", "360p", "240p");
        assertThat(ready.getMaster()).isEqualTo("s3://" + out + "/media/" + id + "/master.m3u8");
        // its cost: the job's normalized minutes, estimated from its outputs (three SD rungs at 25 fps, frame captures free)
        assertThat(ready.getCost().mediaConvertNormalizedMinutes())
                .isCloseTo(3 * ready.getProbe().durationSeconds() / 60, org.assertj.core.api.Assertions.within(0.001));
    }

    @Test
    void anErrorEventFailsTheAssetWithMediaConvertsReason() throws Exception {
        upload("broken job.mp4", TestClips.variant(TestClips.noAudio(), "mc-error"));
        String id = await("broken job.mp4", a -> a.getEngineJob() != null).getId();
        sqs.sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue"))
                .messageBody(MediaConvertStandIn.stateChange(id, "ERROR", 1030, "Video codec [indeo] is not a supported input video codec")));
        Asset failed = await("broken job.mp4", a -> a.getStatus().isOutcome());
        assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(failed.getError().code()).isEqualTo("TRANSCODE_FAILED");
        assertThat(failed.getError().message()).contains("1030", "indeo");
        assertThat(s3.listObjectsV2(b -> b.bucket(stack.outputs().get("IngestBucket")).prefix("failed/" + id + "/broken job.mp4")).contents()).hasSize(2);
    }

    @Test
    void withoutEventsTheSweepReportsProgress() throws Exception {
        upload("slow.m4a", TestClips.variant(TestClips.audioOnly(), "mc-poll"));
        Asset polled = await("slow.m4a", a -> a.getProgress() == 40);
        assertThat(polled.getEngineJob().status()).isEqualTo("PROGRESSING");
        assertThat(mediaConvert.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlEqualTo("/2017-08-29/jobs/job-" + polled.getId())))).isNotEmpty();
        JsonNode sent = Json.MAPPER.readTree(createJobBody(polled.getId()));
        assertThat(sent.at("/settings/outputGroups")).hasSize(1);
        assertThat(sent.at("/settings/outputGroups/0/outputs/0/nameModifier").asText()).isEqualTo("_audio");
        assertThat(sent.at("/settings/outputGroups/0/outputs/0/videoDescription").isMissingNode()).isTrue();
        sqs.sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue")).messageBody(MediaConvertStandIn.stateChange(polled.getId(), "CANCELED", null, null)));
        assertThat(await("slow.m4a", a -> a.getStatus().isOutcome()).getStatus()).isEqualTo(AssetStatus.FAILED);
    }

    /** The job metrics of an asset MediaConvert worked on name it; none are booked to ffmpeg. */
    @Test
    void metricsNameMediaConvertAsTheEngine() throws Exception {
        upload("metered.mp4", TestClips.variant(TestClips.noAudio(), "mc-metrics"));
        String id = await("metered.mp4", a -> a.getEngineJob() != null).getId();
        sqs.sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue"))
                .messageBody(MediaConvertStandIn.stateChange(id, "ERROR", 1010, "Input file is not readable")));
        assertThat(await("metered.mp4", a -> a.getStatus().isOutcome()).getStatus()).isEqualTo(AssetStatus.FAILED);

        Scrape scrape = Scrape.parse(app.management("/observe/metrics").body());
        assertThat(scrape.value("caravan_assets_started_total", "engine", "mediaconvert")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("caravan_assets_failed_total", "engine", "mediaconvert", "reason", "transcode_failed")).isGreaterThanOrEqualTo(1);
        assertThat(scrape.value("caravan_assets_started_total", "engine", "ffmpeg")).isZero();
        assertThat(scrape.value("caravan_assets_failed_total", "engine", "ffmpeg")).isZero();
        assertThat(scrape.value("caravan_assets", "status", "failed")).as("table-wide count").isGreaterThanOrEqualTo(1);
    }

    private void upload(String key, Path file) {
        s3.putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key(key), RequestBody.fromFile(file));
    }

    private String createJobBody(String assetId) {
        return mediaConvert.findAll(postRequestedFor(urlEqualTo("/2017-08-29/jobs"))).stream()
                .map(LoggedRequest::getBodyAsString).filter(b -> b.contains(assetId)).findFirst().orElseThrow();
    }

    private String s3Event(String key) {
        String bucket = stack.outputs().get("IngestBucket");
        String etag = s3.headObject(b -> b.bucket(bucket).key(key)).eTag().replace("\"", "");
        return "{\"Records\":[{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket + "\"},\"object\":{\"key\":\""
                + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8) + "\",\"size\":1,\"eTag\":\"" + etag + "\"}}}]}";
    }


    private Asset await(String key, Predicate<Asset> condition) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(end)) {
            var found = assets.list(1000, null).stream().filter(a -> a.getSource().name().equals(key)).findFirst();
            if (found.isPresent() && condition.test(found.get())) {
                return found.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("asset for " + key + " never got there");
    }
}
