package caravan.archive;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Caption files are part of what the user gave: kept with a failed source, back for a retry, archived when done. */
class LocalSourceKeeperCaptionsTest {
    @TempDir
    Path root;

    @Test
    void captionsAreKeptRestoredAndArchivedWithTheSource() throws Exception {
        DataFolders folders = DataFolders.create(root);
        LocalSourceKeeper keeper = new LocalSourceKeeper(folders);
        Asset asset = Asset.received("a1", new SourceFile("week 1/intro.mp4", 3, null), Instant.EPOCH, Instant.EPOCH);
        Files.createDirectories(folders.captions("a1"));
        Files.writeString(folders.source("a1"), "mp4");
        Files.writeString(folders.captions("a1").resolve("01.en.vtt"), "WEBVTT\n");

        asset.setKeptAt(keeper.failedLocation(asset));
        keeper.keepFailed(asset, "{}".getBytes());
        assertThat(root.resolve("failed/a1/captions/01.en.vtt")).hasContent("WEBVTT\n");
        assertThat(folders.workDir("a1")).doesNotExist();

        assertThat(keeper.restore(asset)).isTrue();
        assertThat(folders.captions("a1").resolve("01.en.vtt")).hasContent("WEBVTT\n");
        assertThat(root.resolve("failed/a1")).doesNotExist();

        keeper.archive(asset);
        assertThat(root.resolve("archive/a1/captions/01.en.vtt")).hasContent("WEBVTT\n");
        assertThat(root.resolve("archive/a1/intro.mp4")).hasContent("mp4");
    }
}
