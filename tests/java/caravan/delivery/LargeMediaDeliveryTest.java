package caravan.delivery;

import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media origin streams: a Caravan started as {@code ./caravan run} starts it (config/jvm.options, 256 MiB of
 * heap) serves a 3 GB file whole and by ranges beyond 2^31, 100 viewers fetching one 4 MB segment at once without an
 * error or a growing heap, and a Range header it cannot satisfy is a 416, never a 500.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class LargeMediaDeliveryTest {
    private static final String ASSET = "bigasset1";
    private static final long SIZE = (3L << 30) + 4099; // just over 3 GiB, odd on purpose
    private static final long[] MARKS = {0, (1L << 31) - 8, (1L << 31) + 4096, (5L << 29) + 12345, SIZE - 16};

    @TempDir
    static Path tmp;
    Path data;
    Path log;
    ChildCaravan app;
    OriginViewers viewers;
    Path big;
    Path segment;
    long segmentCrc;

    @BeforeAll
    void start() throws Exception {
        data = tmp.resolve("data");
        log = tmp.resolve("caravan.log");
        app = ChildCaravan.startWithDefaults(data, Map.of(), log);
        Path folder = Files.createDirectories(data.resolve("media").resolve(ASSET).resolve("720p"));
        big = folder.getParent().resolve("download.mp4");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(SIZE); // sparse: the holes read as zeros and take no disk
            for (long mark : MARKS) {
                f.seek(mark);
                f.write(mark(mark));
            }
        }
        byte[] bytes = new byte[4 * 1024 * 1024 - 1234];
        new Random(18).nextBytes(bytes);
        segment = Files.write(folder.resolve("segment_00000.ts"), bytes);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        segmentCrc = crc.getValue();
        viewers = new OriginViewers(app, data, ASSET);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aThreeGigabyteFileIsServedWholeUnderTheDefaultHeap() throws Exception {
        OriginViewers.Fetched whole = viewers.fetch("/media/" + ASSET + "/download.mp4", null, MARKS);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.contentLength()).isEqualTo(SIZE);
        assertThat(whole.header("transfer-encoding")).as("a known length, not chunked").isNull();
        assertThat(whole.header("accept-ranges")).isEqualTo("bytes");
        assertThat(whole.header("content-type")).isEqualTo("video/mp4");
        assertThat(whole.bytes()).isEqualTo(SIZE);
        for (int i = 0; i < MARKS.length; i++) {
            assertThat(whole.probes()[i]).as("the bytes at %d", MARKS[i]).isEqualTo(mark(MARKS[i]));
        }
        assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError");
    }

    @Test
    void rangesBeyondTwoGigabytesOpenEndedAndSuffixRangesAreServed() throws Exception {
        String path = "/media/" + ASSET + "/download.mp4";
        long across = (1L << 31) - 8;
        OriginViewers.Fetched straddling = viewers.fetch(path, "bytes=" + across + "-" + (across + 15), 0);
        assertThat(straddling.status()).isEqualTo(206);
        assertThat(straddling.contentLength()).isEqualTo(16);
        assertThat(straddling.header("content-range")).isEqualTo("bytes " + across + "-" + (across + 15) + "/" + SIZE);
        assertThat(straddling.probes()[0]).isEqualTo(mark(across));

        long from = MARKS[3] - 100;
        OriginViewers.Fetched tail = viewers.fetch(path, "bytes=" + from + "-", MARKS[3] - from, SIZE - 16 - from);
        assertThat(tail.status()).isEqualTo(206);
        assertThat(tail.contentLength()).isEqualTo(SIZE - from);
        assertThat(tail.bytes()).isEqualTo(SIZE - from);
        assertThat(tail.header("content-range")).isEqualTo("bytes " + from + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(tail.probes()[0]).isEqualTo(mark(MARKS[3]));
        assertThat(tail.probes()[1]).isEqualTo(mark(SIZE - 16));

        OriginViewers.Fetched suffix = viewers.fetch(path, "bytes=-16", 0);
        assertThat(suffix.status()).isEqualTo(206);
        assertThat(suffix.header("content-range")).isEqualTo("bytes " + (SIZE - 16) + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(suffix.probes()[0]).isEqualTo(mark(SIZE - 16));

        // a player asks for everything from the start, reads a little, then seeks elsewhere and hangs up
        OriginViewers.Fetched all = viewers.fetchAtMost(path, "bytes=0-", 64L << 20, 0);
        assertThat(all.status()).isEqualTo(206);
        assertThat(all.contentLength()).isEqualTo(SIZE);
        assertThat(all.header("content-range")).isEqualTo("bytes 0-" + (SIZE - 1) + "/" + SIZE);
        assertThat(all.probes()[0]).isEqualTo(mark(0));
        for (int i = 0; i < 50 && viewers.openDescriptors(big) > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(viewers.openDescriptors(big)).as("the file is closed after each response, also when the viewer hangs up").isZero();
    }

    @Test
    void overHttp2TheFileIsStreamedWithItsLengthAndClosedWhenTheViewerLeaves() throws Exception {
        String path = "/media/" + ASSET + "/720p/segment_00000.ts";
        // the first request upgrades the connection (h2c); the ones after it speak HTTP/2 from the start
        OriginViewers.Fetched whole = viewers.fetchOverHttp2(path, null, Long.MAX_VALUE);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.contentLength()).isEqualTo(Files.size(segment));
        assertThat(whole.crc()).isEqualTo(segmentCrc);
        long across = (1L << 31) - 8;
        OriginViewers.Fetched range = viewers.fetchOverHttp2("/media/" + ASSET + "/download.mp4", "bytes=" + across + "-", 1 << 20, 0);
        assertThat(range.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_2);
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.contentLength()).isEqualTo(SIZE - across);
        assertThat(range.header("content-range")).isEqualTo("bytes " + across + "-" + (SIZE - 1) + "/" + SIZE);
        assertThat(range.probes()[0]).isEqualTo(mark(across));
        for (int i = 0; i < 50 && viewers.openDescriptors(big) > 0; i++) {
            Thread.sleep(100);
        }
        assertThat(viewers.openDescriptors(big)).as("the file is closed once the viewer hangs up").isZero();
    }

    @Test
    void aRangeThatCannotBeSatisfiedIsA416NeverA500() throws Exception {
        String path = "/media/" + ASSET + "/download.mp4";
        for (String range : List.of("bytes=99999999999999999999999-", "bytes=0-99999999999999999999999",
                "bytes=-99999999999999999999999", "bytes=9223372036854775807-", "bytes=" + SIZE + "-", "bytes=5-2",
                "bytes=-0", "bytes=-", "bytes=0-1,4-5", "bytes=abc", "items=0-1", "bytes 0-1")) {
            OriginViewers.Fetched f = viewers.fetch(path, range);
            assertThat(f.status()).as(range).isEqualTo(416);
            assertThat(f.header("content-range")).as(range).isEqualTo("bytes */" + SIZE);
        }
        assertThat(viewers.fetch("/media/" + ASSET + "/720p/segment_00000.ts", "bytes=99999999999999999999-").status()).isEqualTo(416);
        assertThat(Files.readString(log)).doesNotContain("NumberFormatException");
    }

    @Test
    void aHundredViewersFetchingOneSegmentAtOnceAllGetItWithoutTheHeapGrowing() throws Exception {
        String path = "/media/" + ASSET + "/720p/segment_00000.ts";
        double before = viewers.heapMiB();
        OriginViewers.Load load = viewers.load(path, 1000, 100, Files.size(segment), segmentCrc);
        assertThat(load.failures()).as("failed requests").isEmpty();
        assertThat(load.complete()).isEqualTo(1000);
        assertThat(load.peakHeapMiB()).as("peak used heap (MiB) of 256; %.0f before the load", before).isLessThan(160);
        Thread.sleep(500);
        assertThat(viewers.openDescriptors(segment)).as("no descriptor left open on the segment").isZero();
        String caravanLog = Files.readString(log);
        assertThat(caravanLog).doesNotContain("OutOfMemoryError");
        assertThat(caravanLog.getBytes(StandardCharsets.UTF_8).length).as("no error flood in the log").isLessThan(1 << 20);
    }

    /** 16 bytes that say where they are. */
    private static byte[] mark(long offset) {
        return String.format("@%014d#", offset % 100_000_000_000_000L).getBytes(StandardCharsets.US_ASCII);
    }
}
