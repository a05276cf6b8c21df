package caravan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaptionFilesTest {
    @TempDir
    Path inbox;
    @TempDir
    Path work;

    private Path touch(String name) throws Exception {
        Path p = inbox.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, name);
        return p;
    }

    @Test
    void captionsPairByNameAndLanguageTag() {
        assertThat(CaptionFiles.pairs("intro", "intro.vtt")).isTrue();
        assertThat(CaptionFiles.pairs("intro", "INTRO.SRT")).isTrue();
        assertThat(CaptionFiles.pairs("intro", "intro.en.vtt")).isTrue();
        assertThat(CaptionFiles.pairs("intro", "intro.pt-BR.srt")).isTrue();
        assertThat(CaptionFiles.pairs("intro", "intro.final.vtt")).as("not a language").isFalse();
        assertThat(CaptionFiles.pairs("intro", "intro2.vtt")).isFalse();
        assertThat(CaptionFiles.pairs("intro", "other.en.vtt")).isFalse();
        assertThat(CaptionFiles.pairs("week 1.intro", "week 1.intro.de.vtt")).isTrue();
        assertThat(CaptionFiles.languageOf("intro", "intro.pt-BR.srt")).isEqualTo("pt-BR");
        assertThat(CaptionFiles.languageOf("intro", "intro.srt")).isEqualTo("und");
    }

    @Test
    void sdhCaptionsSayItAfterTheirLanguageAndABareSdhIsSouthernKurdish() {
        assertThat(CaptionFiles.pairs("intro", "intro.en.sdh.vtt")).isTrue();
        assertThat(CaptionFiles.languageOf("intro", "intro.en.sdh.vtt")).isEqualTo("en");
        assertThat(CaptionFiles.isSdh("intro", "intro.en.sdh.vtt")).isTrue();
        assertThat(CaptionFiles.isSdh("intro", "intro.pt-BR.SDH.srt")).isTrue();
        assertThat(CaptionFiles.languageOf("intro", "intro.pt-BR.SDH.srt")).isEqualTo("pt-BR");

        assertThat(CaptionFiles.pairs("intro", "intro.sdh.vtt")).as("sdh alone is a language").isTrue();
        assertThat(CaptionFiles.languageOf("intro", "intro.sdh.vtt")).isEqualTo("sdh");
        assertThat(CaptionFiles.isSdh("intro", "intro.sdh.vtt")).isFalse();

        assertThat(CaptionFiles.pairs("intro", "intro.final.sdh.vtt")).as("not a language before the mark").isFalse();
        assertThat(CaptionFiles.isSdh("intro", "intro.en.vtt")).isFalse();
        assertThat(CaptionFiles.isSdh("intro", "intro.vtt")).isFalse();
    }

    @Test
    void aPlainAndAnSdhCaptionOfOneLanguageAreBothKept() throws Exception {
        Path video = touch("week/intro.mp4");
        touch("week/intro.en.vtt");
        touch("week/intro.en.sdh.vtt");
        touch("week/intro.sdh.srt");
        Path captions = work.resolve("a2/captions");

        CaptionFiles.moveInto(video, captions, new InboxBoundary(inbox));

        assertThat(CaptionFiles.kept(captions)).extracting(k -> k.file().getFileName().toString(), CaptionFiles.Kept::language,
                CaptionFiles.Kept::sdh).containsExactly(
                org.assertj.core.groups.Tuple.tuple("01.en.sdh.vtt", "en", true),
                org.assertj.core.groups.Tuple.tuple("02.en.vtt", "en", false),
                org.assertj.core.groups.Tuple.tuple("03.sdh.srt", "sdh", false));
        assertThat(Files.readString(captions.resolve("01.en.sdh.vtt"))).isEqualTo("week/intro.en.sdh.vtt");
    }

    @Test
    void captionFilesAreCompanionsNeverTakenAlone() {
        assertThat(Sidecars.isCompanion("talk.vtt")).isTrue();
        assertThat(Sidecars.isCompanion("TALK.SRT")).isTrue();
        assertThat(Sidecars.isCompanion("talk.json")).isTrue();
        assertThat(Sidecars.isCompanion("talk.mp4")).isFalse();
    }

    @Test
    void captionsMoveWithTheirVideoUnderNamesOfOurOwn() throws Exception {
        Path video = touch("week/intro.mp4");
        touch("week/intro.srt");
        touch("week/intro.en.vtt");
        touch("week/intro.notalanguage.vtt");
        touch("week/other.en.vtt");
        Path captions = work.resolve("a1/captions");

        InboxBoundary boundary = new InboxBoundary(inbox);
        CaptionFiles.moveInto(video, captions, boundary);
        CaptionFiles.moveInto(video, captions, boundary); // again, as recovery might: nothing is moved twice

        assertThat(CaptionFiles.kept(captions)).extracting(k -> k.file().getFileName().toString(), CaptionFiles.Kept::language,
                CaptionFiles.Kept::format).containsExactly(
                org.assertj.core.groups.Tuple.tuple("01.en.vtt", "en", "vtt"),
                org.assertj.core.groups.Tuple.tuple("02.und.srt", "und", "srt"));
        assertThat(Files.readString(captions.resolve("01.en.vtt"))).isEqualTo("week/intro.en.vtt");
        assertThat(inbox.resolve("week")).isDirectoryContaining(p -> p.getFileName().toString().equals("intro.notalanguage.vtt"))
                .isDirectoryContaining(p -> p.getFileName().toString().equals("other.en.vtt"));
        assertThat(CaptionFiles.besides(video, boundary)).isEqualTo(List.of());
    }
}
