package caravan.transcode;

import caravan.asset.Json;
import caravan.ffmpeg.UntrustedInput;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.ChunkPlan.Chunk;
import caravan.transcode.LadderPlan.PlannedRung;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Split and stitch, with real ffmpeg: a clip at 29.97 fps (frame times never on whole seconds) encoded in three chunks
 * on the 2 s keyframe grid and stitched has, on every rung, the source's frames, one continuous timeline and the
 * single pass's segments, frame for frame.
 */
@Pipeline
class ChunkedEncodingTest {
    private static final String RATE = "30000/1001";
    private static final int SECONDS = 13;
    private static final List<String> RUNGS = List.of("360p", "180p");
    private static final UntrustedInput INPUT = new UntrustedInput("mov,mp4,m4a,3gp,3g2,mj2", 4096L * 2304);

    @TempDir
    static Path dir;
    static Path source;
    static ChunkPlan chunks;
    static Path single;
    static Path stitched;

    @BeforeAll
    static void encodeBothWays() throws Exception {
        source = TestClips.make("ntsc-rate-13s.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=" + RATE + ":duration=" + SECONDS,
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "250", "-pix_fmt", "yuv420p"));
        Ladder ladder = Ladder.parse(Json.MAPPER.readTree("""
                {"video": {"gopSeconds": 2}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "360p", "height": 360, "videoKbps": 500}, {"name": "180p", "height": 180, "videoKbps": 150}]}
                """), "test");
        LadderPlan plan = new LadderPlan(List.of(new PlannedRung("360p", 640, 360, 500), new PlannedRung("180p", 320, 180, 150)),
                false, 30000.0 / 1001, false, ladder);
        chunks = ChunkPlan.of(SECONDS, 2, 4);

        single = Files.createDirectories(dir.resolve("single"));
        run(TranscodeCommand.arguments(plan, source, single, dir.resolve("single.progress"), INPUT));

        stitched = Files.createDirectories(dir.resolve("stitched"));
        for (Chunk c : chunks.chunks()) { // in reverse: chunks finish in any order on many workers
            Chunk chunk = chunks.chunks().get(chunks.chunks().size() - 1 - c.index());
            Path chunkDir = stitched.resolve(ChunkCommand.folder(chunk));
            run(ChunkCommand.arguments(plan, chunk, source, chunkDir, dir.resolve("chunk.progress"), INPUT, null));
        }
        ChunkPlaylists.stitch(stitched, stitched, RUNGS, chunks.chunks(), List.of());

        key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        Files.write(dir.resolve("segment.key"), key);
        Path keyInfo = Files.writeString(dir.resolve("key.info"), "/keys/asset\n" + dir.resolve("segment.key") + "\n");
        LadderPlan small = new LadderPlan(List.of(plan.rungs().get(1)), false, plan.frameRate(), false, ladder);
        encrypted = Files.createDirectories(dir.resolve("encrypted"));
        for (Chunk c : chunks.chunks()) {
            run(ChunkCommand.arguments(small, c, source, encrypted.resolve(ChunkCommand.folder(c)), dir.resolve("e.progress"), INPUT, keyInfo));
        }
        ChunkPlaylists.stitch(encrypted, encrypted, List.of("180p"), chunks.chunks(), List.of());
    }

    static byte[] key;
    static Path encrypted;

    @Test
    void encryptionContinuesAcrossChunksEachSegmentUnderItsSequenceNumberAsIv() throws Exception {
        List<SegmentEncryptionTest.Declared> declared = SegmentEncryptionTest.declared(encrypted.resolve("180p").resolve("index.m3u8"));
        assertThat(declared).hasSize(segments(stitched.resolve("180p")).size());
        for (int i = 0; i < declared.size(); i++) {
            assertThat(new java.math.BigInteger(1, declared.get(i).iv())).as("segment %d's IV", i).isEqualTo(i);
            byte[] clear = SegmentEncryptionTest.decrypt(key, declared.get(i).iv(), declared.get(i).file());
            assertThat(clear[0]).as("segment %d decrypts to MPEG-TS", i).isEqualTo((byte) 0x47);
        }
    }

    @Test
    void theClipIsCutInThreeChunksOfWholeSegments() {
        assertThat(chunks.chunks()).extracting(Chunk::start).containsExactly(0.0, 4.0, 8.0);
        assertThat(chunks.chunks()).extracting(Chunk::firstSegment).containsExactly(0L, 2L, 4L);
        assertThat(chunks.chunks().get(2).last()).isTrue();
    }

    @Test
    void everyRungHasTheSourcesFramesOnOneRisingTimeline() throws Exception {
        int sourceFrames = frames(source);
        for (String rung : RUNGS) {
            List<double[]> packets = packets(joined(stitched.resolve(rung)));
            assertThat(packets).as(rung).hasSize(sourceFrames);
            for (int i = 1; i < packets.size(); i++) {
                assertThat(packets.get(i)[1]).as("%s packet %d's decode time", rung, i).isGreaterThan(packets.get(i - 1)[1]);
            }
            List<Double> pts = packets.stream().map(p -> p[0]).sorted().toList();
            for (int i = 1; i < pts.size(); i++) { // no gap or jump: one frame's time apart
                assertThat(pts.get(i) - pts.get(i - 1)).as("%s frame %d", rung, i).isCloseTo(1001.0 / 30000, within(0.002));
            }
        }
    }

    @Test
    void segmentsAreTheSinglePassesFrameForFrameOnEveryRung() throws Exception {
        for (String rung : RUNGS) {
            List<String> a = segments(single.resolve(rung));
            List<String> b = segments(stitched.resolve(rung));
            assertThat(b).as(rung).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                Path one = single.resolve(rung).resolve(a.get(i));
                Path other = stitched.resolve(rung).resolve(b.get(i));
                assertThat(b.get(i)).isEqualTo(a.get(i));
                assertThat(frames(other)).as("%s %s", rung, b.get(i)).isEqualTo(frames(one));
                List<double[]> p = packets(other);
                assertThat(p.get(0)[2]).as("%s %s starts on a keyframe", rung, b.get(i)).isEqualTo(1);
                assertThat(p.stream().filter(x -> x[2] == 1).count()).as("%s %s keyframes", rung, b.get(i))
                        .isEqualTo(packets(one).stream().filter(x -> x[2] == 1).count());
            }
            assertThat(durations(stitched.resolve(rung))).as(rung).containsExactlyElementsOf(durations(single.resolve(rung)));
            assertThat(Files.readString(stitched.resolve(rung).resolve("index.m3u8")))
                    .contains("#EXT-X-MEDIA-SEQUENCE:0").doesNotContain("DISCONTINUITY").endsWith("#EXT-X-ENDLIST\n");
        }
        assertThat(stitched.resolve("master.m3u8")).exists();
        assertThat(Files.list(stitched).map(p -> p.getFileName().toString()).filter(n -> n.startsWith("chunk_"))).isEmpty();
    }

    private static void run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(TestClips.tools().ffmpeg());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
    }

    private static List<String> segments(Path rung) throws IOException {
        return Files.readAllLines(rung.resolve("index.m3u8")).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static List<String> durations(Path rung) throws IOException {
        return Files.readAllLines(rung.resolve("index.m3u8")).stream().filter(l -> l.startsWith("#EXTINF:")).toList();
    }

    /** The rung's segments one after another in one file, as a player's buffer receives them. */
    private static Path joined(Path rung) throws IOException {
        Path all = rung.resolveSibling(rung.getFileName() + "-all.ts");
        try (OutputStream out = Files.newOutputStream(all)) {
            for (String s : segments(rung)) {
                Files.copy(rung.resolve(s), out);
            }
        }
        return all;
    }

    private static int frames(Path file) throws Exception {
        return packets(file).size();
    }

    /** Each video packet's presentation and decode time, and 1 for a keyframe. */
    private static List<double[]> packets(Path file) throws Exception {
        List<String> command = new ArrayList<>(TestClips.tools().ffprobe());
        command.addAll(List.of("-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pts_time,dts_time,flags",
                "-of", "csv=p=0", file.toString()));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<double[]> packets = new ArrayList<>();
        for (String line : out.strip().split("\n")) {
            String[] f = line.split(",");
            packets.add(new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1]), f[2].startsWith("K") ? 1 : 0});
        }
        return packets;
    }
}
