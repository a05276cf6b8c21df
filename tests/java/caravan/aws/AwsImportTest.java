package caravan.aws;

import caravan.asset.Json;
import caravan.testing.AwsStack;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.MotoServer;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bulk import on the aws profile, against the deployed template on the emulator: the import and its lines live in
 * DynamoDB and go through the backlog queue, so a worker killed mid-import leaves it to the next (here the next is a
 * new worker, as a replaced Fargate task would be); an upload put in the ingest bucket while lines wait is taken
 * (live queue) before them; every line ends as exactly one READY asset.
 */
@Pipeline
class AwsImportTest {
    private static final int CLIPS = 6;

    @TempDir
    Path dir;

    @Test
    void anImportOnAwsGoesThroughTheBacklogQueueAfterLiveUploadsAndSurvivesItsWorker() throws Exception {
        AwsStack stack = AwsStack.deploy(MotoServer.shared(), "caravan-import-" + System.nanoTime());
        S3Client s3 = stack.s3();
        String library = "old-library-" + System.nanoTime();
        s3.createBucket(b -> b.bucket(library));
        Path base = TestClips.make("aws-import-base-1s.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=1",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest"));
        StringBuilder csv = new StringBuilder("source,external_id,metadata\n");
        for (int i = 1; i <= CLIPS; i++) {
            String key = "2019/lecture-" + i + ".mp4";
            s3.putObject(b -> b.bucket(library).key(key), RequestBody.fromFile(TestClips.variant(base, "aws-imp" + i)));
            csv.append("s3://").append(library).append('/').append(key).append(",lec-").append(i)
                    .append(",\"{\"\"title\"\": \"\"Lecture ").append(i).append("\"\"}\"\n");
        }
        byte[] manifest = csv.toString().getBytes(StandardCharsets.UTF_8);
        Path ladder = Files.writeString(dir.resolve("ladder.json"), """
                {"video": {"codec": "libx264", "profile": "high", "preset": "ultrafast", "gopSeconds": 1, "maxFrameRate": 30},
                 "audio": {"codec": "aac", "bitrateKbps": 64, "sampleRate": 48000, "channels": 2},
                 "hls": {"segmentSeconds": 2}, "rungs": [{"name": "180p", "height": 180, "videoKbps": 200}]}
                """);
        Map<String, String> env = new HashMap<>(stack.environment());
        env.put("CARAVAN_BACKLOG_QUEUE", stack.outputs().get("BacklogQueueName"));
        env.put("CARAVAN_WORKERS", "1");
        List<String> props = List.of("-Dcaravan.ladder.file=" + ladder, "-Dcaravan.loudness.normalise=false",
                "-Dcaravan.quality.sampleEvery=0", "-Dcaravan.outputs.thumbnailSeconds=0", "-Dcaravan.outputs.storyboardSeconds=0",
                "-Dcaravan.imports.feedMillis=100", "-Dcaravan.aws.visibilityTimeoutSeconds=6", "-Dcaravan.aws.leaseSeconds=8");

        Path dataA = dir.resolve("worker-a");
        String id;
        String liveId;
        Set<Integer> waitingAtPut;
        ChildCaravan a = ChildCaravan.start(dataA, CaravanApp.freePort(), env, Path.of("target", "aws-import-a.log"), props);
        try {
            HttpResponse<String> estimate = a.post("/api/imports?dryRun=true", "text/csv", manifest);
            assertThat(estimate.statusCode()).as(estimate.body()).isEqualTo(200);
            JsonNode e = Json.MAPPER.readTree(estimate.body());
            assertThat(e.path("probed").asInt()).as("every S3 object probed over its presigned GET").isEqualTo(CLIPS);
            assertThat(e.path("totalHours").asDouble() * 3600).as(estimate.body()).isCloseTo(CLIPS, org.assertj.core.api.Assertions.within(0.5));
            assertThat(e.path("calibration").isObject()).as("calibrated on an S3 object").isTrue();
            assertThat(e.path("projectedCpuHours").asDouble()).isPositive();
            assertThat(estimate.body()).doesNotContain("X-Amz-Signature");
            HttpResponse<String> posted = a.post("/api/imports", "text/csv", manifest);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            id = Json.MAPPER.readTree(posted.body()).path("id").asText();
            a.awaitImport(id, s -> s.path("done").asInt() >= 1, 180);

            // a live upload while lines wait on the backlog queue
            waitingAtPut = waitingLines(a, dataA, id);
            assertThat(waitingAtPut).as("lines still waiting when the upload arrives").hasSizeGreaterThanOrEqualTo(2);
            s3.putObject(b -> b.bucket(stack.outputs().get("IngestBucket")).key("live/new lecture.mp4"),
                    RequestBody.fromFile(TestClips.variant(base, "aws-live")));
            JsonNode live = null;
            for (int i = 0; i < 1800 && live == null; i++) {
                for (JsonNode asset : Json.MAPPER.readTree(a.get("/api/assets?q=new%20lecture").body()).path("items")) {
                    if (asset.path("status").asText().equals("READY")) {
                        live = asset;
                    }
                }
                Thread.sleep(100);
            }
            assertThat(live).as("the live upload became READY").isNotNull();
            liveId = live.path("id").asText();
            assertThat(waitingLines(a, dataA, id)).as("the import was not finished when the live upload was READY").isNotEmpty();
        } finally {
            a.killWithChildren(); // mid-import: its held message comes back, its lines are in the table
        }

        Path dataB = dir.resolve("worker-b");
        try (ChildCaravan b = ChildCaravan.start(dataB, CaravanApp.freePort(), env, Path.of("target", "aws-import-b.log"), props)) {
            JsonNode done = b.awaitImport(id, s -> s.path("finished").asBoolean(), 300);
            assertThat(done.path("done").asInt()).as(done.toString()).isEqualTo(CLIPS);
            assertThat(done.path("failed").asInt()).isZero();

            Map<Integer, String[]> report = report(b, dataB, id);
            assertThat(report).hasSize(CLIPS);
            Set<String> lineAssets = new HashSet<>();
            for (int line = 2; line <= CLIPS + 1; line++) {
                assertThat(report.get(line)[3]).as("line %d", line).isEqualTo("READY");
                lineAssets.add(report.get(line)[4]);
            }
            assertThat(lineAssets).as("one asset per line").hasSize(CLIPS);

            // exactly one asset per line, each READY and published; nothing else but the live upload
            List<JsonNode> assets = new ArrayList<>();
            Json.MAPPER.readTree(b.get("/api/assets?limit=100").body()).path("items").forEach(assets::add);
            assertThat(assets).hasSize(CLIPS + 1);
            assertThat(assets).allSatisfy(x -> assertThat(x.path("status").asText()).isEqualTo("READY"));
            Map<String, Integer> perExternalId = new HashMap<>();
            assets.forEach(x -> perExternalId.merge(x.path("externalId").asText("(live)"), 1, Integer::sum));
            for (int i = 1; i <= CLIPS; i++) {
                assertThat(perExternalId.get("lec-" + i)).as("lec-%d", i).isEqualTo(1);
            }
            for (String asset : lineAssets) {
                String master = "media/" + asset + "/master.m3u8";
                assertThat(s3.listObjectsV2(r -> r.bucket(stack.outputs().get("OutputBucket")).prefix(master)).contents()).hasSize(1);
                JsonNode record = Json.MAPPER.readTree(b.get("/api/assets/" + asset).body());
                assertThat(record.path("metadata").path("title").asText()).startsWith("Lecture ");
            }

            // live first: the upload was READY before the lines still waiting when it was put (all but at most one, which
            // a worker may have taken between reading the report and the put)
            Instant liveReady = readyAt(b, liveId);
            List<Integer> before = new ArrayList<>();
            for (int line : waitingAtPut) {
                if (!readyAt(b, report.get(line)[4]).isAfter(liveReady)) {
                    before.add(line);
                }
            }
            assertThat(before).as("waiting lines READY before the live upload").hasSizeLessThanOrEqualTo(1);
        }
    }




    /** Lines no worker has taken yet: PENDING in the report, with no asset. */
    private Set<Integer> waitingLines(ChildCaravan c, Path data, String id) throws Exception {
        Set<Integer> waiting = new HashSet<>();
        report(c, data, id).forEach((line, row) -> {
            if (row[3].equals("PENDING") && row[4].isBlank()) {
                waiting.add(line);
            }
        });
        return waiting;
    }

    private Map<Integer, String[]> report(ChildCaravan c, Path data, String id) throws Exception {
        Map<Integer, String[]> rows = new HashMap<>();
        for (String row : c.get("/api/imports/" + id + "/report.csv").body().lines().skip(1).toList()) {
            String[] cells = row.split(",", -1);
            rows.put(Integer.parseInt(cells[0]), cells);
        }
        return rows;
    }

    private static Instant readyAt(ChildCaravan c, String asset) throws Exception {
        return Instant.parse(Json.MAPPER.readTree(c.get("/api/assets/" + asset).body()).path("readyAt").asText());
    }

}
