package caravan.quality;

import caravan.quality.SegmentBitrates.Segment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentBitratesTest {
    @TempDir
    Path dir;

    @Test
    void peakIsTheHighestRunOfHalfToOneAndAHalfTargetDurations() {
        // target 6 s: runs of 3..9 s count. The 1 s spike alone is too short; with its neighbour it is a 7 s run.
        List<Segment> segments = List.of(new Segment(6, 750_000), new Segment(1, 500_000), new Segment(6, 600_000),
                new Segment(6, 900_000), new Segment(2, 100_000));
        SegmentBitrates rates = SegmentBitrates.of(segments, 6);
        assertThat(rates.average()).isEqualTo(Math.round(2_850_000 * 8 / 21.0));
        assertThat(rates.peak()).isEqualTo((long) Math.ceil(1_250_000 * 8 / 7.0)); // 6 s + the 1 s spike
    }

    @Test
    void aShortAssetUsesItsHighestSegment() {
        SegmentBitrates rates = SegmentBitrates.of(List.of(new Segment(1.5, 100_000), new Segment(0.5, 50_000)), 6);
        assertThat(rates.peak()).isEqualTo(800_000);
    }

    @Test
    void readsAMediaPlaylistAndItsSegmentsOnDisk() throws Exception {
        Files.write(dir.resolve("segment_00000.ts"), new byte[750_000]);
        Files.write(dir.resolve("segment_00001.ts"), new byte[250_000]);
        Files.writeString(dir.resolve("index.m3u8"), "#EXTM3U\n#EXT-X-VERSION:6\n#EXT-X-TARGETDURATION:6\n#EXT-X-MEDIA-SEQUENCE:0\n"
                + "#EXT-X-KEY:METHOD=AES-128,URI=\"/keys/a\",IV=0x0\n#EXTINF:6.000000,\nsegment_00000.ts\n#EXTINF:2.000000,\n"
                + "segment_00001.ts\n#EXT-X-ENDLIST\n");
        SegmentBitrates rates = SegmentBitrates.of(dir.resolve("index.m3u8"));
        assertThat(rates.average()).isEqualTo(1_000_000);
        assertThat(rates.peak()).isEqualTo(1_000_000);
    }
}
