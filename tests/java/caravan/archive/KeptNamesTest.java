package caravan.archive;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class KeptNamesTest {

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void anOrdinaryNameIsKeptAsItIs() {
        assertThat(KeptNames.safeFileName("cardio/week 1/-i evil;$(x).mp4")).isEqualTo("-i evil;$(x).mp4");
    }

    @Test
    void controlCharactersBecomeUnderscores() {
        assertThat(KeptNames.safeFileName("line\nbreak\u001b[31m\u007f.mp4")).isEqualTo("line_break_[31m_.mp4");
    }

    @Test
    void a255ByteNameOfThreeByteCharactersIsCutBetweenCharactersAndKeepsItsExtension() {
        String name = "ab" + "心".repeat(83) + ".mp4";
        assertThat(bytes(name)).isEqualTo(255);

        String kept = KeptNames.safeFileName(name);

        assertThat(bytes(kept)).isLessThanOrEqualTo(KeptNames.MAX_BYTES);
        assertThat(kept).startsWith("ab心").endsWith("心.mp4");
        assertThat(bytes(kept + "-a0123456789abcdef.error.json")).as("room for the report beside it").isLessThanOrEqualTo(255);
    }

    @Test
    void anEmojiIsNeverSplitInHalf() {
        String kept = KeptNames.safeFileName("x" + "\uD83D\uDE00".repeat(62) + ".mp4");

        assertThat(bytes(kept)).isLessThanOrEqualTo(KeptNames.MAX_BYTES);
        assertThat(kept.codePoints().noneMatch(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                .as("no half of a surrogate pair left in %s", kept).isTrue();
        assertThat(Path.of("/tmp").resolve(kept).getFileName().toString()).isEqualTo(kept);
    }

    @Test
    void aLongExtensionIsNotKeptAtTheExpenseOfTheName() {
        String kept = KeptNames.safeFileName("a".repeat(150) + "." + "b".repeat(100));

        assertThat(kept).hasSize(KeptNames.MAX_BYTES).startsWith("a".repeat(150) + ".b");
    }

    @Test
    void nothingUsableBecomesSource() {
        assertThat(KeptNames.safeFileName("a/..")).isEqualTo("source");
        assertThat(KeptNames.safeFileName("x/")).isEqualTo("source");
    }
}
