package caravan.publish;

import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlayableLadderTest {
    @TempDir
    Path folder;

    private static final String MASTER = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="captions",NAME="English",LANGUAGE="en",URI="captions/en/index.m3u8"
            #EXT-X-STREAM-INF:BANDWIDTH=1500000,RESOLUTION=854x480,SUBTITLES="captions"
            480p/index.m3u8
            #EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,SUBTITLES="captions"
            360p/index.m3u8
            """;

    @Test
    void aLadderWhoseEveryVariantHasSegmentsIsPlayable() throws IOException {
        write("master.m3u8", MASTER);
        rung("480p", 2);
        rung("360p", 2);

        assertThatCode(() -> PlayableLadder.check(folder)).doesNotThrowAnyException();
    }

    @Test
    void aMasterThatListsNoVariantIsRefusedWithItsOwnCode() throws IOException {
        write("master.m3u8", "#EXTM3U\n#EXT-X-VERSION:3\n");

        RejectedInput refused = catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder));

        assertThat(refused.code()).isEqualTo(ErrorCode.NO_PLAYABLE_LADDER);
        assertThat(refused.getMessage()).contains("lists no variant").doesNotContain(folder.toString());
    }

    @Test
    void aVariantWithoutSegmentsIsRefused() throws IOException {
        write("master.m3u8", MASTER);
        rung("480p", 2);
        rung("360p", 0);

        RejectedInput refused = catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder));

        assertThat(refused.code()).isEqualTo(ErrorCode.NO_PLAYABLE_LADDER);
        assertThat(refused.getMessage()).contains("360p/index.m3u8");
    }

    @Test
    void aMissingOrEmptySegmentIsRefused() throws IOException {
        write("master.m3u8", MASTER);
        rung("480p", 2);
        rung("360p", 2);
        Files.write(folder.resolve("360p/segment_00001.ts"), new byte[0]);

        assertThat(catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder)).code())
                .isEqualTo(ErrorCode.NO_PLAYABLE_LADDER);

        Files.delete(folder.resolve("360p/segment_00001.ts"));
        assertThat(catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder)).getMessage())
                .contains("missing or empty");
    }

    @Test
    void aRungTheMasterDoesNotListIsRefused() throws IOException {
        write("master.m3u8", MASTER);
        rung("480p", 1);
        rung("360p", 1);
        rung("240p", 1);

        assertThat(catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder)).getMessage())
                .contains("240p/index.m3u8");
    }

    @Test
    void aVariantOutsideTheFolderOrMissingIsRefused() throws IOException {
        write("master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n../elsewhere/index.m3u8\n");
        assertThat(catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder)).code())
                .isEqualTo(ErrorCode.NO_PLAYABLE_LADDER);

        write("master.m3u8", "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n");
        assertThat(catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder)).getMessage())
                .contains("was not written");
    }

    @Test
    void noMasterAtAllIsRefused() {
        assertThat(catchThrowableOfType(RejectedInput.class, () -> PlayableLadder.check(folder)).code())
                .isEqualTo(ErrorCode.NO_PLAYABLE_LADDER);
    }

    private void rung(String name, int segments) throws IOException {
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-TARGETDURATION:6\n");
        Files.createDirectories(folder.resolve(name));
        for (int i = 0; i < segments; i++) {
            String segment = "segment_%05d.ts".formatted(i);
            playlist.append("#EXTINF:6.0,\n").append(segment).append('\n');
            Files.write(folder.resolve(name).resolve(segment), new byte[188]);
        }
        playlist.append("#EXT-X-ENDLIST\n");
        write(name + "/index.m3u8", playlist.toString());
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(folder.resolve(name), content);
    }
}
