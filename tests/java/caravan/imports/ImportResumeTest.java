package caravan.imports;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A library migration as an operator runs it: a manifest of 32 clips and a few bad lines is posted, Caravan is killed
 * (SIGKILL, with its ffmpeg) midway and started again on the same data; the import resumes, every good line ends
 * READY exactly once, every bad line is in the report with its code, a live upload dropped meanwhile is taken (and
 * READY) before the import's waiting lines, and posting the manifest again (or another naming the same sources)
 * encodes nothing new.
 */
@Pipeline
class ImportResumeTest {
    private static final int CLIPS = 32;
    private static final String SECRET = "Patient Jane Roe 4711";

    @TempDir
    Path dir;

    @Test
    void killedMidwayTheImportResumesAndEveryGoodLineIsReadyOnce() throws Exception {
        Path data = dir.resolve("data");
        Path ladder = Files.writeString(dir.resolve("ladder.json"), """
                {"video": {"codec": "libx264", "profile": "high", "preset": "ultrafast", "gopSeconds": 1, "maxFrameRate": 30},
                 "audio": {"codec": "aac", "bitrateKbps": 64, "sampleRate": 48000, "channels": 2},
                 "hls": {"segmentSeconds": 2}, "rungs": [{"name": "180p", "height": 180, "videoKbps": 200}]}
                """);
        Path base = TestClips.make("import-base-1s.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=1",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest"));
        StringBuilder csv = new StringBuilder("source,external_id,metadata\n");
        for (int i = 1; i <= CLIPS; i++) {
            Path clip = TestClips.variant(base, "imp" + i);
            String meta = i % 4 == 1
                    ? "\"{\"\"title\"\": \"\"Lecture " + i + ", part one\"\", \"\"sensitive\"\": {\"\"patient\"\": \"\"" + SECRET + "\"\"}}\""
                    : "";
            csv.append(clip).append(",lec-").append(i).append(',').append(meta).append('\n');
        }
        int badFrom = CLIPS + 2; // the manifest's line numbers of the bad lines: header is line 1
        csv.append(dir.resolve("gone.mp4")).append(",lec-gone,\n");                                            // SOURCE_MISSING
        csv.append("ftp://archive.example/lecture.mp4,lec-ftp,\n");                                            // SOURCE_UNSUPPORTED
        csv.append(TestClips.variant(base, "badjson")).append(",lec-badjson,\"{\"\"title\"\": \"\"x\"\"\"\n");  // SIDECAR_NOT_JSON
        csv.append(TestClips.variant(base, "twice")).append(",lec-1,\n");                                      // DUPLICATE_LINE
        Map<Integer, String> badCodes = Map.of(badFrom, "SOURCE_MISSING", badFrom + 1, "SOURCE_UNSUPPORTED",
                badFrom + 2, "SIDECAR_NOT_JSON", badFrom + 3, "DUPLICATE_LINE");
        byte[] manifest = csv.toString().getBytes(StandardCharsets.UTF_8);
        Path live = TestClips.variant(base, "live-upload");

        Map<String, String> env = Map.of("CARAVAN_WORKERS", "1");
        List<String> props = List.of("-Dcaravan.ladder.file=" + ladder, "-Dcaravan.loudness.normalise=false",
                "-Dcaravan.quality.sampleEvery=0", "-Dcaravan.outputs.thumbnailSeconds=0", "-Dcaravan.outputs.storyboardSeconds=0",
                "-Dcaravan.imports.feedMillis=100");
        int port = CaravanApp.freePort();
        String id;
        ChildCaravan first = ChildCaravan.start(data, port, env, dir.resolve("first.log"), props);
        try {
            HttpResponse<String> posted = first.post("/api/imports", "text/csv", manifest);
            assertThat(posted.statusCode()).isEqualTo(202);
            JsonNode status = Json.MAPPER.readTree(posted.body());
            id = status.path("id").asText();
            assertThat(status.path("lines").asInt()).isEqualTo(CLIPS + 4);
            assertThat(status.path("rejected").asInt()).isEqualTo(4);
            assertThat(status.toString()).doesNotContain(SECRET);
            first.awaitImport(id, s -> s.path("done").asInt() >= 6 && s.path("inPipeline").asInt() == 1, 180);
        } finally {
            first.killWithChildren();
        }

        try (ChildCaravan second = ChildCaravan.start(data, port, env, dir.resolve("second.log"), props)) {
            JsonNode resumed = second.awaitImport(id, s -> s.path("done").asInt() >= 12 && s.path("remaining").asInt() >= 8, 180);
            assertThat(resumed.path("finished").asBoolean()).isFalse();

            // a live upload while the import runs: dropped, then taken before every line still waiting
            Path part = data.resolve("inbox").resolve(".live.mp4.part");
            Files.copy(live, part);
            Files.move(part, data.resolve("inbox").resolve("live lecture.mp4"), StandardCopyOption.ATOMIC_MOVE);
            Set<Integer> waitingAtDrop = waitingLines(second, id);
            String liveId = null;
            for (int i = 0; i < 300 && liveId == null; i++) {
                for (JsonNode a : Json.MAPPER.readTree(second.get("/api/assets?q=live%20lecture").body()).path("items")) {
                    liveId = a.path("id").asText();
                }
                Thread.sleep(50);
            }
            assertThat(liveId).as("the inbox took the live upload").isNotNull();
            Set<Integer> waitingAtTake = waitingLines(second, id);
            assertThat(waitingAtTake).as("lines were still waiting when the live upload was taken").isNotEmpty();
            assertThat(new HashSet<>(waitingAtDrop)).as("at most the one line the feeder handed over before it saw the new file")
                    .containsAll(waitingAtTake);
            assertThat(waitingAtDrop.size() - waitingAtTake.size()).isLessThanOrEqualTo(1);

            JsonNode done = second.awaitImport(id, s -> s.path("finished").asBoolean(), 240);
            assertThat(done.path("done").asInt()).isEqualTo(CLIPS);
            assertThat(done.path("failed").asInt()).isZero();
            assertThat(done.path("rejected").asInt()).isEqualTo(4);
            assertThat(done.path("hoursEncoded").asDouble()).isGreaterThan(CLIPS * 0.9 / 3600);

            // the report: every good line READY with its asset, every bad line REJECTED with its code
            Map<Integer, String[]> report = report(second, data, id);
            assertThat(report).hasSize(CLIPS + 4);
            for (int line = 2; line < badFrom; line++) {
                assertThat(report.get(line)[3]).as("line %d", line).isEqualTo("READY");
                assertThat(report.get(line)[4]).as("line %d", line).isNotBlank();
            }
            badCodes.forEach((line, code) -> {
                assertThat(report.get(line)[3]).as("line %d", line).isEqualTo("REJECTED");
                assertThat(report.get(line)[5]).as("line %d", line).isEqualTo(code);
            });

            // one READY asset per good line, and nothing else but the live upload
            List<JsonNode> assets = allAssets(second);
            assertThat(assets).hasSize(CLIPS + 1);
            assertThat(assets).allSatisfy(a -> assertThat(a.path("status").asText()).isEqualTo("READY"));
            Map<String, Integer> perExternalId = new HashMap<>();
            assets.forEach(a -> perExternalId.merge(a.path("externalId").asText("(live)"), 1, Integer::sum));
            for (int i = 1; i <= CLIPS; i++) {
                assertThat(perExternalId.get("lec-" + i)).as("lec-%d", i).isEqualTo(1);
            }
            JsonNode first1 = assets.stream().filter(a -> a.path("externalId").asText().equals("lec-1")).findFirst().orElseThrow();
            assertThat(first1.path("metadata").path("title").asText()).isEqualTo("Lecture 1, part one");
            assertThat(first1.toString()).doesNotContain(SECRET);

            // the live upload was READY before every line still waiting when it was taken
            Instant liveReady = Instant.parse(Json.MAPPER.readTree(second.get("/api/assets/" + liveId).body()).path("readyAt").asText());
            for (int line : waitingAtTake) {
                String assetId = report.get(line)[4];
                Instant ready = Instant.parse(Json.MAPPER.readTree(second.get("/api/assets/" + assetId).body()).path("readyAt").asText());
                assertThat(ready).as("line %d", line).isAfter(liveReady);
            }

            // the same manifest again: the same import, nothing new; another naming the same sources: all skipped
            JsonNode again = Json.MAPPER.readTree(second.post("/api/imports", "text/csv", manifest).body());
            assertThat(again.path("id").asText()).isEqualTo(id);
            assertThat(again.path("finished").asBoolean()).isTrue();
            List<String> firstThree = new ArrayList<>(csv.toString().lines().skip(1).limit(3).map(l -> l.replace(",lec-", ",again-lec-")).toList());
            java.util.Collections.reverse(firstThree);
            String reordered = "source,external_id,metadata\n" + String.join("\n", firstThree) + "\n";
            JsonNode other = Json.MAPPER.readTree(second.post("/api/imports", "text/csv", reordered.getBytes(StandardCharsets.UTF_8)).body());
            assertThat(other.path("id").asText()).isNotEqualTo(id);
            JsonNode skipped = second.awaitImport(other.path("id").asText(), s -> s.path("finished").asBoolean(), 60);
            assertThat(skipped.path("skipped").asInt()).as("the same content is already here").isEqualTo(3);
            assertThat(allAssets(second)).hasSize(CLIPS + 1);
        }

        // protected metadata is stored sealed: not in the database, its journal, nor any file Caravan kept
        for (Path f : List.of(data.resolve("caravan.db"), data.resolve("caravan.db-wal"))) {
            if (Files.exists(f)) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.getFileName().toString()).doesNotContain(SECRET);
            }
        }
    }



    /** Lines not yet handed to the pipeline: PENDING in the report, with no asset yet. */
    private static Set<Integer> waitingLines(ChildCaravan c, String id) throws Exception {
        Set<Integer> waiting = new HashSet<>();
        for (String row : c.get("/api/imports/" + id + "/report.csv").body().lines().skip(1).toList()) {
            String[] f = row.split(",", -1);
            if (f[3].equals("PENDING") && f[4].isEmpty()) {
                waiting.add(Integer.parseInt(f[0]));
            }
        }
        return waiting;
    }

    private static Map<Integer, String[]> report(ChildCaravan c, Path data, String id) throws Exception {
        HttpResponse<String> r = c.get("/api/imports/" + id + "/report.csv");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
        List<String> rows = r.body().lines().toList();
        assertThat(rows.get(0)).isEqualTo("line,source,external_id,outcome,asset_id,error_code,reason");
        Map<Integer, String[]> byLine = new HashMap<>();
        for (CsvRecords.Row row : CsvRecords.parse(r.body()).subList(1, CsvRecords.parse(r.body()).size())) {
            byLine.put(Integer.parseInt(row.fields().get(0)), row.fields().toArray(String[]::new));
        }
        return byLine;
    }

    private static List<JsonNode> allAssets(ChildCaravan c) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = Json.MAPPER.readTree(c.get("/api/assets?limit=200" + (after == null ? "" : "&after=" + after)).body());
            page.path("items").forEach(all::add);
            after = page.hasNonNull("next") ? page.path("next").asText() : null;
        } while (after != null);
        return all;
    }
}
