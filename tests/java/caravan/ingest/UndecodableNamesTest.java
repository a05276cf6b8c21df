package caravan.ingest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class UndecodableNamesTest {
    @TempDir
    Path inbox;

    @Test
    void validUtf8IsKeptAndEveryOtherByteIsEscaped() {
        assertThat(UndecodableNames.readableName("Vorlesung Ü – 心臓.mp4".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("Vorlesung Ü – 心臓.mp4");
        assertThat(UndecodableNames.readableName(new byte[] {'c', 'a', 'f', (byte) 0xE9, '.', 'm', 'p', '4'})).isEqualTo("caf%E9.mp4");
        assertThat(UndecodableNames.readableName(new byte[] {(byte) 0xE5, (byte) 0xBF, 'x', (byte) 0xFF}))
                .as("a cut multi-byte character and a byte that is never UTF-8").isEqualTo("%E5%BFx%FF");
    }

    @Test
    void aFileJavaCannotOpenByNameIsRenamedAndKeepsItsContent() throws Exception {
        shell("printf 'lecture' > \"$1/$(printf 'caf\\351.mp4')\" && mkdir \"$1/$(printf 'Kurs \\374')\""
                + " && printf 'x' > \"$1/$(printf 'Kurs \\374')/$(printf '\\351t\\351.mp4')\""
                + " && printf 'partial' > \"$1/$(printf '.caf\\351.mp4.part')\"");

        int renamed = new UndecodableNames(inbox).repair();

        assertThat(renamed).isEqualTo(3);
        assertThat(inbox.resolve("caf%E9.mp4")).hasContent("lecture");
        assertThat(inbox.resolve("Kurs %FC").resolve("%E9t%E9.mp4")).hasContent("x");
        try (Stream<Path> all = Files.list(inbox)) {
            assertThat(all.map(p -> p.getFileName().toString())).as("the upload still being written is left alone")
                    .anyMatch(n -> n.startsWith(".caf") && n.endsWith(".part"));
        }
        assertThat(new UndecodableNames(inbox).repair()).as("nothing left to do").isZero();
    }

    @Test
    void aTakenNameIsNeverOverwritten() throws Exception {
        Files.writeString(inbox.resolve("caf%E9.mp4"), "first");
        shell("printf 'second' > \"$1/$(printf 'caf\\351.mp4')\"");

        assertThat(new UndecodableNames(inbox).repair()).isEqualTo(1);
        assertThat(inbox.resolve("caf%E9.mp4")).hasContent("first");
        assertThat(inbox.resolve("caf%E9-2.mp4")).hasContent("second");
    }

    /** Java cannot spell these names, so the shell writes them (with $1 = the inbox). */
    private void shell(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", script, "sh", inbox.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0).as(out).isTrue();
    }
}
