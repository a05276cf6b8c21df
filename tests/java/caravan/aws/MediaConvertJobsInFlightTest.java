package caravan.aws;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.store.DynamoAssetStore;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.DynamoReads;
import caravan.testing.MediaConvertStandIn;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * MediaConvert jobs run without a worker waiting for them: one worker with two consumers has fifty jobs in flight at
 * once, its ingest messages finished as soon as each job is on record, with a bounded number of live threads and of
 * store reads per job; the jobs' state-change events (put on the queue here, as EventBridge would) decide each asset,
 * and a job whose event never comes is finished by the sweep from {@code GetJob}. WireMock plays MediaConvert.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class MediaConvertJobsInFlightTest {
    private static final int JOBS = 50;
    private static final Duration WAIT = Duration.ofSeconds(180); // probing 50 uploads on two busy cores
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
        world = MediaConvertStandIn.start(dir.resolve("worker"), "caravan-mcf", Map.of("caravan.workers", "2", "caravan.mediaconvert.sweepMillis", "500", "caravan.mediaconvert.overdueMillis", "8000"));
        mediaConvert = world.mediaConvert();
        stack = world.stack();
        s3 = world.s3();
        sqs = world.sqs();
        assets = world.assets();
        app = world.app();
    }

    @AfterAll
    void stop() throws Exception {
        DynamoReads.stop();
        world.close();
    }

    @Test
    void fiftyJobsInFlightHoldNoWorkerAndEndAsTheirEventsSayOrAsTheSweepFinds() throws Exception {
        List<Path> clips = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            clips.add(TestClips.variant(TestClips.audioOnly(), "in-flight-" + i));
        }
        // one job first, so that the pools every job shares (the SDK clients', Camel's, the HTTP servers') are started
        Path first = TestClips.variant(TestClips.audioOnly(), "warm-up");
        s3.putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key("warm-up/clip.m4a"), RequestBody.fromFile(first));
        String warmUp = await("warm-up/", all -> all.size() == 1 && all.get(0).getEngineJob() != null).get(0).getId();
        writeOutputs(warmUp);
        sqs.sendMessage(b -> b.queueUrl(stack.outputs().get("IngestQueue")).messageBody(MediaConvertStandIn.stateChange(warmUp, "COMPLETE", null, null)));
        await("warm-up/", all -> all.get(0).getStatus() == AssetStatus.READY);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();
        DynamoReads.start();

        for (int i = 0; i < JOBS; i++) {
            Path clip = clips.get(i);
            String key = "in-flight/clip " + i + ".m4a";
            s3.putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key(key), RequestBody.fromFile(clip));
        }
        // every job submitted and on record while none has ended: two consumers, fifty jobs in flight
        List<Asset> inFlight = await("in-flight/", all -> all.size() == JOBS && all.stream().allMatch(a -> a.getEngineJob() != null));
        assertThat(inFlight).allSatisfy(a -> assertThat(a.getStatus()).isEqualTo(AssetStatus.TRANSCODING));
        // and their ingest messages are finished, not held
        assertThat(queued()).as("ingest messages still on the queue").isZero();

        // while the jobs run, nobody polls the store for them
        long readsBefore = DynamoReads.count();
        Thread.sleep(3000);
        long readsWhileRunning = DynamoReads.count() - readsBefore;
        int whileRunning = threads.getThreadCount();
        System.out.println("Threads while the jobs run: " + threadNames());
        assertThat(readsWhileRunning).as("store reads in 3 s with %d jobs running", JOBS).isLessThan(JOBS);

        // one job's event is lost: the sweep asks GetJob, which says COMPLETE
        String lost = inFlight.get(0).getId();
        mediaConvert.stubFor(get(urlEqualTo("/2017-08-29/jobs/job-" + lost)).atPriority(1).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"job\": {\"id\": \"job-" + lost + "\", \"status\": \"COMPLETE\", \"jobPercentComplete\": 100}}")));
        writeOutputs(lost);
        Map<String, AssetStatus> expected = new HashMap<>();
        expected.put(lost, AssetStatus.READY);
        List<SendMessageBatchRequestEntry> events = new ArrayList<>();
        for (int i = 1; i < JOBS; i++) {
            String id = inFlight.get(i).getId();
            boolean fails = i % 5 == 0;
            if (!fails) {
                writeOutputs(id);
            }
            expected.put(id, fails ? AssetStatus.FAILED : AssetStatus.READY);
            events.add(SendMessageBatchRequestEntry.builder().id("e" + i)
                    .messageBody(fails ? MediaConvertStandIn.stateChange(id, "ERROR", 1030, "Video codec [indeo] is not a supported input video codec")
                            : MediaConvertStandIn.stateChange(id, "COMPLETE", null, null)).build());
        }
        for (int from = 0; from < events.size(); from += 10) {
            List<SendMessageBatchRequestEntry> batch = events.subList(from, Math.min(events.size(), from + 10));
            sqs.sendMessageBatch(b -> b.queueUrl(stack.outputs().get("IngestQueue")).entries(batch));
        }

        List<Asset> ended = await("in-flight/", all -> all.size() == JOBS && all.stream().allMatch(a -> a.getStatus().isOutcome()));
        for (Asset a : ended) {
            assertThat(a.getStatus()).as("asset %s", a.getId()).isEqualTo(expected.get(a.getId()));
            if (a.getStatus() == AssetStatus.FAILED) {
                assertThat(a.getError().code()).isEqualTo("TRANSCODE_FAILED");
                assertThat(a.getError().message()).contains("1030");
            }
        }
        assertThat(mediaConvert.findAll(getRequestedFor(urlEqualTo("/2017-08-29/jobs/job-" + lost)))).isNotEmpty();

        long reads = DynamoReads.count();
        int peak = threads.getPeakThreadCount();
        System.out.printf("MediaConvert in flight: %d store reads for %d jobs (%d while running), threads %d before, %d while"
                + " running, peak %d%n", reads, JOBS, readsWhileRunning, before, whileRunning, peak);
        System.out.println("Threads at the end: " + threadNames());
        System.out.println("Store reads: " + DynamoReads.byKind());
        assertThat((double) reads / JOBS).as("store reads per job").isLessThanOrEqualTo(READS_PER_JOB);
        assertThat(peak - before).as("threads started while %d jobs ran", JOBS).isLessThanOrEqualTo(MORE_THREADS);
    }

    private static Map<String, Long> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().collect(java.util.stream.Collectors.groupingBy(
                t -> t.getName().replaceAll("[0-9]+", "#"), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    /**
     * Every read counted, over the whole test: the pipeline's own per asset (intake, probe, duplicate check, job
     * record, event, publishing: about 16), the sweep's two by-status queries every 500 ms and its GetJob checks of
     * jobs overdue after 8 s, and the outbox's polling, which does not depend on the jobs. Measured: about 35, before
     * the worker finished MediaConvert's outputs itself (captions, quality, publishing its files: about 6 reads more per
     * asset); the sweep's and the outbox's share grows with the test's wall time on a loaded machine. A worker polling
     * each running job's record 4 times a second (as before) would read hundreds per job.
     */
    private static final double READS_PER_JOB = 50;
    /** Pools that grow with concurrency (SDK clients' schedulers, the HTTP servers', process reapers), not with jobs. */
    private static final int MORE_THREADS = 25;

    /** What MediaConvert writes into the output bucket for a completed job: the master playlist and its variant. */
    private void writeOutputs(String id) {
        String out = stack.outputs().get("OutputBucket");
        s3.putObject(b -> b.bucket(out).key("media/" + id + "/master_audio.m3u8"), RequestBody.fromString("#EXTM3U\n"));
        s3.putObject(b -> b.bucket(out).key("media/" + id + "/master.m3u8"), RequestBody.fromString("""
                #EXTM3U
                #EXT-X-STREAM-INF:BANDWIDTH=138000,CODECS="mp4a.40.2"
                master_audio.m3u8
                """));
    }

    private long queued() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(stack.outputs().get("IngestQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Long.parseLong(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }


    /** The assets uploaded here (oldest first), once they satisfy the condition. */
    private List<Asset> await(String prefix, Predicate<List<Asset>> condition) throws InterruptedException {
        Instant end = Instant.now().plus(WAIT);
        List<Asset> found = List.of();
        while (Instant.now().isBefore(end)) {
            found = new ArrayList<>(assets.list(1000, null).stream().filter(a -> a.getSource().name().startsWith(prefix)).toList());
            java.util.Collections.reverse(found);
            if (condition.test(found)) {
                return found;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the assets never got there: " + found.stream().map(a -> a.getStatus() + "/" + a.getEngineJob()).toList());
    }
}
