package caravan.publish;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AudioPlaylistsTest {
    @TempDir
    Path folder;

    @Test
    void aSoundOnlyVariantIsMarkedIndependentOnceAndVideoVariantsAreLeftAlone() throws Exception {
        Files.createDirectories(folder.resolve("audio"));
        Files.createDirectories(folder.resolve("480p"));
        String audio = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\nsegment_00000.ts\n#EXT-X-ENDLIST\n";
        String video = "#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:6.0,\nsegment_00000.ts\n#EXT-X-ENDLIST\n";
        Files.writeString(folder.resolve("audio/index.m3u8"), audio);
        Files.writeString(folder.resolve("480p/index.m3u8"), video);
        String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS=\"mp4a.40.2\"\naudio/index.m3u8\n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=854x480,CODECS=\"avc1.64001e,mp4a.40.2\"\n480p/index.m3u8\n";

        AudioPlaylists.markIndependent(folder, master);
        AudioPlaylists.markIndependent(folder, master);

        String marked = Files.readString(folder.resolve("audio/index.m3u8"));
        assertThat(marked).startsWith("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-TARGETDURATION:6\n");
        assertThat(marked.split("INDEPENDENT-SEGMENTS", -1)).hasSize(2);
        assertThat(Files.readString(folder.resolve("480p/index.m3u8"))).isEqualTo(video);
        assertThat(MasterPlaylistEdits.withIndependentSegments(master.replace("RESOLUTION=854x480,", "RESOLUTION=854x480,")
                .replace("#EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=854x480,CODECS=\"avc1.64001e,mp4a.40.2\"\n480p/index.m3u8\n", ""), folder))
                .as("a sound-only master can now say it too").contains("#EXT-X-INDEPENDENT-SEGMENTS");
    }

    @Test
    void aPlaylistOutsideTheFolderIsNeverTouched() throws Exception {
        Path outside = Files.createDirectories(folder.resolveSibling(folder.getFileName() + "-outside")).resolve("index.m3u8");
        Files.writeString(outside, "#EXTM3U\n");
        Path inner = Files.createDirectories(folder.resolve("x"));

        AudioPlaylists.markIndependent(inner, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../../" + folder.getFileName() + "-outside/index.m3u8\n");

        assertThat(Files.readString(outside)).isEqualTo("#EXTM3U\n");
    }
}
