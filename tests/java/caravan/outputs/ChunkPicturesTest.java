package caravan.outputs;

import caravan.DataFolders;
import caravan.OutputFolders;
import caravan.asset.ProbeSummary;
import caravan.quality.QualitySettings;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlan;
import caravan.transcode.LadderPlan.PlannedRung;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The side pictures of a split-and-stitch encode: each chunk also writes its own first frame (an encoder given no frame
 * fails), kept only where it is the first of its interval; the chunks' pictures are numbered on as the single pass's.
 */
class ChunkPicturesTest {
    @TempDir
    Path root;

    @Test
    void aChunksFirstFrameIsAPictureOnlyWhereAnIntervalStarts() {
        assertThat(OutputsPlanner.firstOfInterval(4, 25, 2)).as("4.00 s starts an interval of 2 s").isTrue();
        assertThat(OutputsPlanner.firstOfInterval(4, 25, 10)).as("4.00 s is inside [0, 10)").isFalse();
        assertThat(OutputsPlanner.firstOfInterval(20, 25, 10)).isTrue();
        // 29.97 fps: the frame at 4.004 s is the first of [4, 6) although no frame is at 4.000 s
        assertThat(OutputsPlanner.firstOfInterval(4, 30000.0 / 1001, 2)).isTrue();
        assertThat(OutputsPlanner.firstOfInterval(4, 30000.0 / 1001, 3)).isFalse();
    }

    @Test
    void theSelectionDependsOnEachFrameAndTheOneBeforeItOnly() {
        assertThat(OutputsPlanner.every(10)).isEqualTo("select='if(isnan(prev_t)\\,1\\,gte(floor(t/10.000000)\\,floor(prev_t/10.000000)+1))',");
    }

    @Test
    void picturesAreNumberedOnAcrossChunksWithoutAChunksExtraFirstFrame() throws IOException {
        DataFolders folders = DataFolders.create(root);
        OutputsPlanner planner = new OutputsPlanner(new OutputFolders(folders), new OutputSettings(10, 0, null), new QualitySettings(0, 0.9));
        Path ladderFile = Files.writeString(root.resolve("ladder.json"), "{\"rungs\": [{\"name\": \"360p\", \"height\": 360, \"videoKbps\": 500}]}");
        Ladder ladder = Ladder.load(ladderFile);
        LadderPlan plan = new LadderPlan(List.of(new PlannedRung("360p", 640, 360, 500)), false, 25, false, ladder);
        ProbeSummary probe = new ProbeSummary("mov", 24, 0, null, null, List.of());
        // chunks at 0, 8 and 16 s, thumbnails every 10 s: pictures at 0 | 8 (extra), 10 | 16 (extra), 20
        Path c0 = chunk("c0", "thumb_00001.jpg");
        Path c1 = chunk("c1", "thumb_00001.jpg", "thumb_00002.jpg");
        Path c2 = chunk("c2", "thumb_00001.jpg", "thumb_00002.jpg");
        Files.writeString(c1.resolve("thumbnails/thumb_00002.jpg"), "10s");
        Files.writeString(c2.resolve("thumbnails/thumb_00002.jpg"), "20s");
        Files.createDirectories(c0.resolve("quality"));
        Files.writeString(c0.resolve("quality/ssim-0.log"), "n:1 All:0.9\n");
        Files.createDirectories(c2.resolve("quality"));
        Files.writeString(c2.resolve("quality/ssim-0.log"), "n:1 All:0.8\n");

        planner.mergeChunks("a1", plan, probe, List.of(c0, c1, c2), List.of(0.0, 8.0, 16.0));

        Path thumbs = folders.transcodeOutput("a1").resolve(OutputFolders.THUMBNAILS);
        assertThat(Thumbnails.list(thumbs, "*.jpg")).extracting(p -> p.getFileName().toString())
                .containsExactly("thumb_00001.jpg", "thumb_00002.jpg", "thumb_00003.jpg");
        assertThat(thumbs.resolve("thumb_00002.jpg")).hasContent("10s");
        assertThat(thumbs.resolve("thumb_00003.jpg")).hasContent("20s");
        assertThat(folders.workDir("a1").resolve("quality/ssim-0.log")).hasContent("n:1 All:0.9\nn:1 All:0.8");
    }

    private Path chunk(String name, String... thumbnails) throws IOException {
        Path dir = Files.createDirectories(root.resolve("chunks").resolve(name).resolve(OutputFolders.THUMBNAILS));
        for (String t : thumbnails) {
            Files.writeString(dir.resolve(t), name + "/" + t);
        }
        return dir.getParent();
    }
}
