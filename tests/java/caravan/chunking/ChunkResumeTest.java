package caravan.chunking;

import caravan.testing.CaravanApp;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One machine, a crash in the middle of a split-and-stitch run (the process halted as by SIGKILL right after an item
 * was recorded done), then a restart: the run resumes where it was, the items done are not encoded again, and the
 * asset is published once, whole.
 */
@Pipeline
class ChunkResumeTest {
    @TempDir
    Path dir;

    @Test
    void aRestartResumesTheRunAndEncodesOnlyTheItemsNotDone() throws Exception {
        Path data = dir.resolve("data");
        Path ladder = Files.writeString(dir.resolve("ladder.json"), """
                {"video": {"preset": "ultrafast", "gopSeconds": 2}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "144p", "height": 144, "videoKbps": 120}]}""");
        List<String> settings = List.of("-Dcaravan.ladder.file=" + ladder, "-Dcaravan.chunking.minSeconds=8",
                "-Dcaravan.chunking.chunkSeconds=4", "-Dcaravan.workers=1", "-Dcaravan.outputs.storyboardSeconds=0");
        int port = CaravanApp.freePort();
        List<String> crashing = new java.util.ArrayList<>(settings);
        crashing.add("-Dcaravan.crashAt=chunk-recorded");
        ChildCaravan first = ChildCaravan.start(data, port, Map.of(), dir.resolve("crash.log"), crashing);
        Path tmp = data.resolve("inbox").resolve(".lecture.part");
        Files.copy(TestClips.landscape(13), tmp);
        Files.move(tmp, data.resolve("inbox").resolve("lecture.mp4"), StandardCopyOption.ATOMIC_MOVE);
        assertThat(first.awaitExit(90)).as("halted after the first item").isEqualTo(137);
        assertThat(Files.readString(dir.resolve("crash.log"))).contains("in 3 chunks of 4 s and its audio");

        try (ChildCaravan restarted = ChildCaravan.start(data, port, Map.of(), dir.resolve("restart.log"), settings)) {
            JsonNode items = restarted.awaitOneReadyAsset(120);
            assertThat(items).hasSize(1);
            JsonNode asset = items.get(0);
            assertThat(asset.path("status").asText()).isEqualTo("READY");
            String log = Files.readString(dir.resolve("restart.log"));
            // the audio item runs beside the worker: it may have been recorded too before the halt
            java.util.regex.Matcher resumed = java.util.regex.Pattern.compile("\\(resumed: (\\d) of 4 done\\)").matcher(log);
            assertThat(resumed.find()).as("the run resumed").isTrue();
            int done = Integer.parseInt(resumed.group(1));
            assertThat(done).isBetween(1, 3);
            assertThat(encoded(dir.resolve("restart.log"))).as("only the items not done are encoded again").isEqualTo(4 - done);
            assertThat(asset.path("chunks").path("done").asInt()).isEqualTo(4);
            Path published = data.resolve("media").resolve(asset.path("id").asText());
            String playlist = Files.readString(published.resolve("144p/index.m3u8"));
            assertThat(playlist.lines().filter(l -> l.endsWith(".ts")).count()).as("13 s in 2 s segments").isEqualTo(7);
            assertThat(playlist).doesNotContain("DISCONTINUITY");
            try (Stream<Path> work = Files.list(data.resolve("work"))) {
                assertThat(work).as("nothing left in work/").isEmpty();
            }
        }
    }

    private static long encoded(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.contains("ChunkedTranscode") && l.contains(" encoded (")).count();
    }
}
