package caravan.contracts;

import caravan.asset.Asset;
import caravan.asset.EngineJob;
import caravan.asset.Json;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.MediaConvertEvents;
import caravan.transcode.MediaConvertJobRequest;
import caravan.transcode.MediaConvertJobs;
import caravan.transcode.MediaConvertSweep;
import caravan.transcode.TranscodeEngine;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.mediaconvert.MediaConvertClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The engine contract against AWS Elemental MediaConvert, whose REST JSON API WireMock plays (the one edge that cannot
 * run here): {@code CreateJob} answers with a job named after the request's {@code ClientRequestToken}, {@code GetJob}
 * with COMPLETE unless a test makes that job fail. The route runs prepare; the sweep finds the job's end (no job
 * events here) and finish then publishes or fails the asset. What MediaConvert would write is stood in for too: the master playlist of the HLS output group it was sent.
 */
@Pipeline
class MediaConvertEngineContractTest extends TranscodeEngineContract {
    private static final String ROLE = "arn:aws:iam::123456789012:role/MediaConvertRole";
    private static final String QUEUE = "arn:aws:mediaconvert:us-east-1:123456789012:queues/Default";
    private static WireMockServer mediaConvert;
    private MediaConvertClient client;

    @BeforeAll
    static void startMediaConvert() {
        mediaConvert = new WireMockServer(WireMockConfiguration.options().dynamicPort().globalTemplating(true));
        mediaConvert.start();
    }

    @AfterAll
    static void stopMediaConvert() {
        mediaConvert.stop();
    }

    @Override
    protected TranscodeEngine newEngine() {
        mediaConvert.resetAll();
        mediaConvert.stubFor(post(urlEqualTo("/2017-08-29/jobs")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"job\": {\"id\": \"job-{{jsonPath request.body '$.clientRequestToken'}}\", \"status\": \"SUBMITTED\","
                        + " \"role\": \"" + ROLE + "\"}}")));
        mediaConvert.stubFor(get(urlPathMatching("/2017-08-29/jobs/.+")).atPriority(5).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"job\": {\"id\": \"{{request.pathSegments.[2]}}\", \"status\": \"COMPLETE\", \"jobPercentComplete\": 100}}")));
        client = MediaConvertClient.builder().endpointOverride(URI.create(mediaConvert.baseUrl())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
        return new MediaConvertJobs(client, store, ladder, contentKeys,
                new MediaConvertJobRequest(ROLE, QUEUE, "ingest", "output", ""), Duration.ofMinutes(1),
                new caravan.cost.CostMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    /**
     * MediaConvert runs the job itself, with no worker waiting; its end is found here by the sweep (no job events in
     * this test), which hands the asset to finish.
     */
    @Override
    protected void between(Exchange exchange) {
        String id = exchange.getIn().getHeader(caravan.asset.ExchangeNames.ASSET_ID, String.class);
        assertThat(new MediaConvertSweep(client, store, Clock.systemUTC(), Duration.ZERO, Duration.ofMinutes(1)).overdueJobs())
                .as("the sweep claims the ended job").contains(id);
    }

    /** As MediaConvert reports an input it cannot decode. */
    @Override
    protected void jobWillFail(Asset asset) {
        mediaConvert.stubFor(get(urlPathEqualTo("/2017-08-29/jobs/job-" + asset.getId() + "-run" + asset.getRun())).atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"job\": {\"id\": \"{{request.pathSegments.[2]}}\", \"status\": \"ERROR\", \"errorCode\": 1030,"
                                + " \"errorMessage\": \"Video codec [indeo] is not a supported input video codec\"}}")));
    }

    /**
     * What MediaConvert writes for the last job sent for the asset: {@code master.m3u8} beside the destination, one
     * variant per output of the HLS group, named {@code master<nameModifier>.m3u8}, with the output's size, its
     * maximum bit rates as BANDWIDTH and RFC 4281 codecs.
     */
    @Override
    protected String masterPlaylist(String assetId) throws Exception {
        JsonNode job = lastJob(assetId);
        StringBuilder master = new StringBuilder("#EXTM3U\n");
        for (JsonNode group : job.at("/settings/outputGroups")) {
            if (group.at("/outputGroupSettings/hlsGroupSettings").isMissingNode()) {
                continue;
            }
            for (JsonNode output : group.path("outputs")) {
                JsonNode video = output.path("videoDescription");
                JsonNode audio = output.at("/audioDescriptions/0/codecSettings/aacSettings");
                long bandwidth = video.at("/codecSettings/h264Settings/maxBitrate").asLong() + audio.path("bitrate").asLong();
                String codecs = String.join(",", video.isMissingNode() ? List.of("mp4a.40.2")
                        : audio.isMissingNode() ? List.of("avc1.640028") : List.of("avc1.640028", "mp4a.40.2"));
                master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth)
                        .append(video.isMissingNode() ? "" : ",RESOLUTION=" + video.path("width").asInt() + "x" + video.path("height").asInt())
                        .append(",CODECS=\"").append(codecs).append("\"\n")
                        .append("master").append(output.path("nameModifier").asText()).append(".m3u8\n");
            }
        }
        return master.toString();
    }

    /** Besides what every engine records: the job, by engine, id and final state, with MediaConvert's reason when it failed. */
    @Test
    void theJobIsRecordedWithItsIdAndItsOutcome() throws Exception {
        jobWillFail(probed("a1", "lecture.mp4", TestClips.landscape(3)));
        assertThat(catchThrowable(() -> run("a1"))).isNotNull();
        assertThat(store.find("a1").orElseThrow().getEngineJob()).isEqualTo(new EngineJob(TranscodeEngine.MEDIACONVERT,
                "job-a1-run1", "ERROR", "1030", "Video codec [indeo] is not a supported input video codec"));

        store.update("a1", a -> a.setRun(2));
        run("a1");

        assertThat(store.find("a1").orElseThrow().getEngineJob())
                .isEqualTo(new EngineJob(TranscodeEngine.MEDIACONVERT, "job-a1-run2", "COMPLETE", null, null));
        assertThat(mediaConvert.findAll(postRequestedFor(urlEqualTo("/2017-08-29/jobs")))).hasSize(2);
    }

    /** A redelivered transcode step (the same run) waits for the job it has: never a second one. */
    @Test
    void theSameRunNeverSubmitsASecondJob() throws Exception {
        probed("a1", "lecture.mp4", TestClips.landscape(3));
        run("a1");
        run("a1");

        assertThat(mediaConvert.findAll(postRequestedFor(urlEqualTo("/2017-08-29/jobs")))).hasSize(1);
    }

    /**
     * A job's end is acted on once: of eight consumers handed the same COMPLETE event at once, exactly one is given the
     * asset to publish; a repeated event, and a sweep that finds the job ended but not yet overdue, are given nothing.
     */
    @Test
    void anEndedJobIsFinishedByOneWorkerOnly() throws Exception {
        probed("a1", "lecture.mp4", TestClips.landscape(3));
        engine.prepare(exchange("a1"));
        MediaConvertEvents events = new MediaConvertEvents(store);
        String complete = "{\"source\":\"aws.mediaconvert\",\"detail-type\":\"MediaConvert Job State Change\",\"detail\":"
                + "{\"jobId\":\"job-a1-run1\",\"status\":\"COMPLETE\",\"userMetadata\":{\"assetId\":\"a1\"}}}";

        ExecutorService consumers = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> handed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                handed.add(consumers.submit(() -> events.record(complete)));
            }
            List<String> finishers = new ArrayList<>();
            for (Future<String> f : handed) {
                if (f.get() != null) {
                    finishers.add(f.get());
                }
            }
            assertThat(finishers).containsExactly("a1");
        } finally {
            consumers.shutdownNow();
        }
        assertThat(events.record(complete)).isNull();
        assertThat(new MediaConvertSweep(client, store, Clock.systemUTC(), Duration.ofMinutes(1), Duration.ofMinutes(60)).overdueJobs()).isEmpty();
        assertThat(store.find("a1").orElseThrow().getEngineJob().status()).isEqualTo("COMPLETE");
    }

    private JsonNode lastJob(String assetId) throws Exception {
        List<LoggedRequest> sent = mediaConvert.findAll(postRequestedFor(urlEqualTo("/2017-08-29/jobs")));
        JsonNode last = null;
        for (LoggedRequest r : sent) {
            JsonNode body = Json.MAPPER.readTree(r.getBodyAsString());
            if (assetId.equals(body.at("/userMetadata/assetId").asText())) {
                last = body;
            }
        }
        assertThat(last).as("a job was sent for " + assetId).isNotNull();
        return last;
    }
}
