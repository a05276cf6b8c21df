package caravan.transcode;

import caravan.transcode.ChunkPlan.Chunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The stitch of a split-and-stitch encode, on playlists as ffmpeg writes them (no media needed). */
class ChunkPlaylistsTest {
    /** ffmpeg 8's masters: the chunks' (video only) and the audio item's (its group and an audio-only variant). */
    static final String VIDEO_MASTER = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-STREAM-INF:BANDWIDTH=526650,AVERAGE-BANDWIDTH=526650,RESOLUTION=640x360,CODECS="avc1.64001e"
            360p/index.m3u8

            #EXT-X-STREAM-INF:BANDWIDTH=229861,AVERAGE-BANDWIDTH=229861,RESOLUTION=320x180,CODECS="avc1.64000d"
            180p/index.m3u8
            """;
    static final String AUDIO_MASTER = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="group_audio",NAME="audio_0",DEFAULT=YES,LANGUAGE="en",CHANNELS="2",URI="audio/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=124332,AVERAGE-BANDWIDTH=114098,CODECS="mp4a.40.2",AUDIO="group_audio"
            audio/index.m3u8
            """;

    @TempDir
    Path dir;

    @Test
    void theMasterJoinsEveryVariantToTheAudioGroupAsTheSinglePassWritesIt() {
        String master = ChunkPlaylists.withAudioGroup(VIDEO_MASTER, AUDIO_MASTER);
        List<String> variants = master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
        assertThat(variants).hasSize(2).allSatisfy(v -> assertThat(v).endsWith(",AUDIO=\"group_audio\""));
        assertThat(variants.get(0)).contains("CODECS=\"avc1.64001e,mp4a.40.2\"");
        assertThat(variants.get(1)).contains("CODECS=\"avc1.64000d,mp4a.40.2\"");
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=AUDIO"))).hasSize(1);
        assertThat(master.indexOf("#EXT-X-MEDIA:")).isLessThan(master.indexOf("#EXT-X-STREAM-INF:"));
        assertThat(master).doesNotContain("BANDWIDTH=124332").contains("360p/index.m3u8", "180p/index.m3u8");
    }

    @Test
    void aMasterWithoutAnAudioGroupIsAnError() {
        assertThatThrownBy(() -> ChunkPlaylists.withAudioGroup(VIDEO_MASTER, VIDEO_MASTER)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void segmentsAreJoinedInOrderUnderOnePlaylistFromZero() throws IOException {
        List<Chunk> chunks = ChunkPlan.of(9, 2, 4).chunks();
        chunk(chunks.get(0), 0, 2);
        chunk(chunks.get(1), 2, 3);
        Path out = dir.resolve("out");
        ChunkPlaylists.stitch(dir, out, List.of("360p"), chunks, List.of());
        String playlist = Files.readString(out.resolve("360p/index.m3u8"));
        assertThat(playlist.lines().filter(l -> l.endsWith(".ts"))).containsExactly(
                "segment_00000.ts", "segment_00001.ts", "segment_00002.ts", "segment_00003.ts", "segment_00004.ts");
        assertThat(playlist).contains("#EXT-X-MEDIA-SEQUENCE:0", "#EXT-X-TARGETDURATION:3").endsWith("#EXT-X-ENDLIST\n");
        assertThat(playlist.lines().filter(l -> l.equals("#EXT-X-ENDLIST"))).hasSize(1);
        assertThat(out.resolve("360p/segment_00004.ts")).hasContent("4");
        assertThat(out.resolve("master.m3u8")).exists();
        assertThat(dir.resolve(ChunkCommand.folder(chunks.get(0)))).doesNotExist();
    }

    @Test
    void aChunkThatDoesNotStartWhereThePreviousEndedIsRefused() throws IOException {
        List<Chunk> chunks = ChunkPlan.of(9, 2, 4).chunks();
        chunk(chunks.get(0), 0, 2);
        chunk(chunks.get(1), 3, 2); // segment 2 missing
        assertThatThrownBy(() -> ChunkPlaylists.stitch(dir, dir.resolve("out"), List.of("360p"), chunks, List.of()))
                .isInstanceOf(IOException.class).hasMessageContaining("expected 2");
    }

    /** A chunk's rung playlist of {@code count} segments from {@code first}, as ffmpeg writes it, and its files. */
    private void chunk(Chunk c, int first, int count) throws IOException {
        Path rung = Files.createDirectories(dir.resolve(ChunkCommand.folder(c)).resolve(ChunkCommand.HLS).resolve("360p"));
        StringBuilder p = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:" + (first == 0 ? 2 : 3)
                + "\n#EXT-X-MEDIA-SEQUENCE:" + first + "\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (int i = first; i < first + count; i++) {
            p.append("#EXTINF:2.000000,\n").append(TranscodeCommand.segmentFile(i)).append('\n');
            Files.writeString(rung.resolve(TranscodeCommand.segmentFile(i)), Integer.toString(i));
        }
        Files.writeString(rung.resolve("index.m3u8"), p + "#EXT-X-ENDLIST\n");
        Files.writeString(rung.getParent().resolve("master.m3u8"), VIDEO_MASTER);
    }
}
