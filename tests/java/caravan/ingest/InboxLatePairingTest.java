package caravan.ingest;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract for the inbox, plus what only a folder has: caption files, and a name dropped again. */
class InboxLatePairingTest extends LatePairingContract {
    @Override
    LatePairing pairing() {
        return new InboxLatePairing(folders, store, metadata, Clock.systemUTC(), 0);
    }

    @Override
    void uploadSidecar(String video, String content) throws Exception {
        Path sidecar = folders.inbox().resolve(video.replaceAll("\\.mp4$", ".json"));
        Files.createDirectories(sidecar.getParent());
        Files.writeString(sidecar, content);
    }

    @Test
    void captionFilesDroppedDuringTheTranscodeGoWithTheVideo() throws Exception {
        Path caption = folders.inbox().resolve("course-a/talk.de.vtt");
        Files.createDirectories(caption.getParent());
        Files.writeString(caption, "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nGuten Tag\n");

        pairing().pair(id);

        assertThat(CaptionFiles.kept(folders.captions(id))).extracting(CaptionFiles.Kept::language).containsExactly("de");
        assertThat(caption).doesNotExist();
    }

    @Test
    void whenTheSameNameIsDroppedAgainItsSidecarBelongsToTheNewUpload() throws Exception {
        uploadSidecar(VIDEO, "{\"title\": \"For the new upload\"}");
        Files.writeString(folders.inbox().resolve(VIDEO), "a new upload under the same name");

        pairing().pair(id);

        assertThat(folders.sidecar(id)).doesNotExist();
        assertThat(folders.inbox().resolve("course-a/talk.json")).isRegularFile();
    }
}
