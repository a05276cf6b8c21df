package caravan.ingest;

import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InboxFilterTest {
    private static final Instant NOW = Instant.parse("2026-03-19T12:00:00Z");

    @TempDir
    Path inbox;
    private InboxFilter filter;

    @BeforeEach
    void setUp() {
        filter = new InboxFilter();
    }

    /** A file in the inbox, last modified {@code ageMillis} before the fixed clock's now. */
    private GenericFile<File> file(String name, long ageMillis) throws IOException {
        Path p = inbox.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p'});
        long lastModified = NOW.toEpochMilli() - ageMillis;
        assertThat(p.toFile().setLastModified(lastModified)).isTrue();
        return generic(p, lastModified, false);
    }

    private GenericFile<File> generic(Path p, long lastModified, boolean directory) {
        GenericFile<File> g = new GenericFile<>();
        g.setFile(p.toFile());
        g.setEndpointPath(inbox.toString());
        g.setAbsolute(true);
        g.setAbsoluteFilePath(p.toAbsolutePath().toString());
        g.setRelativeFilePath(inbox.relativize(p).toString());
        g.setFileName(inbox.relativize(p).toString());
        g.setFileNameOnly(p.getFileName().toString());
        g.setFileLength(p.toFile().length());
        g.setLastModified(lastModified);
        g.setDirectory(directory);
        return g;
    }

    @ParameterizedTest
    @ValueSource(strings = {".x.mp4", ".hidden", "upload.mp4.part", "upload.mp4.tmp", "upload.mp4.crdownload",
            "UPLOAD.MP4.PART", "video.TMP", "talk.json", "TALK.JSON", "talk.vtt", "talk.en.vtt", "TALK.SRT"})
    void hiddenPartialAndSidecarFilesAreNeverTaken(String name) throws IOException {
        assertThat(filter.accept(file(name, 3_600_000))).as(name).isFalse();
    }

    @Test
    void aVideoIsTakenWithoutWaitingForASidecar() throws IOException {
        assertThat(filter.accept(file("talk.mp4", 0))).isTrue();
        file("other.json", 0);
        assertThat(filter.accept(file("other.mp4", 0))).isTrue();
    }

    /** "TALK.JSON" is refused as a file of its own (isSidecar ignores case), so it must pair with TALK.MP4. */
    @Test
    void upperCaseSidecarThatIsNeverTakenAloneIsPairedWithItsVideo() throws IOException {
        assertThat(filter.accept(file("TALK.JSON", 0))).as("not taken alone").isFalse();

        assertThat(Sidecars.sidecarOf(inbox.resolve("TALK.MP4"))).isEqualTo(inbox.resolve("TALK.JSON"));
    }

    @Test
    void subfoldersAreWalkedButHiddenOnesAreNot() throws IOException {
        Path sub = Files.createDirectories(inbox.resolve("course-a"));
        Path hidden = Files.createDirectories(inbox.resolve(".uploading"));

        assertThat(filter.accept(generic(sub, NOW.toEpochMilli(), true))).isTrue();
        assertThat(filter.accept(generic(hidden, NOW.toEpochMilli(), true))).isFalse();
    }

    @Test
    void aLinkToAFolderIsNeverWalked(@TempDir Path elsewhere) throws IOException {
        Path link = Files.createSymbolicLink(inbox.resolve("shortcut"), elsewhere);

        assertThat(filter.accept(generic(link, NOW.toEpochMilli(), true))).isFalse();
    }
}
