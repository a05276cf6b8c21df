package caravan.contracts;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import caravan.archive.SourceKeeper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link SourceKeeper} must do for {@code FailureRecorder}, {@code Redrive} and {@code Publisher}: a failed
 * upload's source (with its sidecar and captions) is kept at a place of its own, known before anything moves, with
 * the report beside it, and a retry gets exactly that upload's files back; uploads with the same name never get each
 * other's files; a done upload is archived and its work folder cleared; every step can run again after a crash.
 * <p>
 * An implementation test says how an upload arrives for that backend (what its intake leaves in the bucket or inbox
 * and in {@code work/<id>/}), and where it looks for a kept report and an archived source.
 */
public abstract class SourceKeeperContract {

    protected abstract SourceKeeper newKeeper(DataFolders folders) throws Exception;

    /**
     * The upload {@code asset} arrives as this backend's intake takes it: the source (and the sidecar, if not null) in
     * the work folder, and wherever else that intake leaves them (the ingest bucket).
     */
    protected abstract void arrive(Asset asset, byte[] source, byte[] sidecar) throws Exception;

    /** The report kept beside the failed source of {@code asset}, or empty. */
    protected abstract Optional<byte[]> keptReport(Asset asset) throws Exception;

    /** The source of {@code asset} as archived when it was done, or empty if it was not archived. */
    protected abstract Optional<byte[]> archivedSource(Asset asset) throws Exception;

    @TempDir
    protected Path root;
    protected DataFolders folders;
    protected SourceKeeper keeper;

    @BeforeEach
    void open() throws Exception {
        folders = DataFolders.create(root);
        keeper = newKeeper(folders);
    }

    @Test
    void aFailedSourceIsKeptWithItsReportAndComesBackOnRestore() throws Exception {
        Asset a = upload("a1", "week 1/lecture.mp4");
        arrive(a, bytes("video of a1"), null);

        String location = fail(a, "{\"assetId\":\"a1\"}");

        assertThat(location).isEqualTo(keeper.failedLocation(a)).contains("a1");
        assertThat(folders.workDir("a1")).doesNotExist();
        assertThat(keptReport(a)).hasValueSatisfying(r -> assertThat(r).asString(StandardCharsets.UTF_8).isEqualTo("{\"assetId\":\"a1\"}"));

        assertThat(keeper.restore(a)).isTrue();

        assertThat(folders.source("a1")).hasContent("video of a1");
        assertThat(keptReport(a)).as("the report goes with the retry").isEmpty();
    }

    @Test
    void theSidecarComesBackWithTheSource() throws Exception {
        Asset a = upload("a1", "week 1/lecture.mp4");
        arrive(a, bytes("video of a1"), bytes("{\"title\": \"Lecture 1\"}"));
        fail(a, "{}");

        assertThat(keeper.restore(a)).isTrue();

        assertThat(folders.source("a1")).hasContent("video of a1");
        assertThat(folders.sidecar("a1")).hasContent("{\"title\": \"Lecture 1\"}");
    }

    @Test
    void captionsComeBackWithTheSource() throws Exception {
        Asset a = upload("a1", "week 1/lecture.mp4");
        arrive(a, bytes("video of a1"), null);
        Files.createDirectories(folders.captions("a1"));
        Files.writeString(folders.captions("a1").resolve("01.en.vtt"), "WEBVTT\n\nen of a1");
        fail(a, "{}");

        assertThat(keeper.restore(a)).isTrue();

        assertThat(folders.captions("a1").resolve("01.en.vtt")).hasContent("WEBVTT\n\nen of a1");
    }

    @Test
    void everyFailedAssetHasAPlaceOfItsOwn() {
        Asset one = upload("a1", "lecture.mp4");
        Asset two = upload("a2", "lecture.mp4");

        assertThat(keeper.failedLocation(one)).isNotEqualTo(keeper.failedLocation(two));
        assertThat(keeper.failedLocation(one)).as("stable: recorded before anything moves").isEqualTo(keeper.failedLocation(one));
    }

    @Test
    void sameNamedUploadsFailingOneAfterTheOtherEachGetTheirOwnSourceBack() throws Exception {
        Asset first = upload("a1", "week 1/lecture.mp4");
        arrive(first, bytes("first video"), null);
        fail(first, "{\"assetId\":\"a1\"}");
        Asset second = upload("a2", "week 1/lecture.mp4");
        arrive(second, bytes("second video"), null);
        fail(second, "{\"assetId\":\"a2\"}");

        assertThat(keeper.restore(first)).isTrue();
        assertThat(keeper.restore(second)).isTrue();

        assertThat(folders.source("a1")).hasContent("first video");
        assertThat(folders.source("a2")).hasContent("second video");
    }

    /** A corrected file uploaded under the same name while the first is still being worked on. */
    @Test
    void sameNamedUploadsInFlightTogetherEachGetTheirOwnSourceBack() throws Exception {
        Asset first = upload("a1", "week 1/lecture.mp4");
        Asset second = upload("a2", "week 1/lecture.mp4");
        arrive(first, bytes("first video"), null);
        arrive(second, bytes("second video"), null);

        fail(first, "{\"assetId\":\"a1\"}");
        fail(second, "{\"assetId\":\"a2\"}");

        assertThat(keeper.restore(first)).isTrue();
        assertThat(keeper.restore(second)).isTrue();
        assertThat(folders.source("a1")).hasContent("first video");
        assertThat(folders.source("a2")).hasContent("second video");
    }

    @Test
    void restoreOfAnAssetThatWasNeverKeptReturnsFalse() throws Exception {
        Asset none = upload("a1", "lecture.mp4");
        assertThat(keeper.restore(none)).as("no kept location on record").isFalse();

        Asset neverFailed = upload("a2", "lecture.mp4");
        neverFailed.setKeptAt(keeper.failedLocation(neverFailed));
        assertThat(keeper.restore(neverFailed)).as("a location where nothing was kept").isFalse();

        assertThat(folders.workDir("a1")).doesNotExist();
        assertThat(folders.workDir("a2")).doesNotExist();
    }

    /** A crash after the source was kept but before FAILED was recorded: recovery keeps it again. */
    @Test
    void keepingAFailedSourceAgainIsHarmless() throws Exception {
        Asset a = upload("a1", "lecture.mp4");
        arrive(a, bytes("video of a1"), null);
        fail(a, "{\"try\":1}");

        keeper.keepFailed(a, bytes("{\"try\":2}"));

        assertThat(keptReport(a)).isPresent();
        assertThat(keeper.restore(a)).isTrue();
        assertThat(folders.source("a1")).hasContent("video of a1");
    }

    /** A crash during a retry's restore: the retry runs it again and the source is still there. */
    @Test
    void restoringAgainIsHarmless() throws Exception {
        Asset a = upload("a1", "lecture.mp4");
        arrive(a, bytes("video of a1"), null);
        fail(a, "{}");
        assertThat(keeper.restore(a)).isTrue();

        keeper.restore(a);

        assertThat(folders.source("a1")).hasContent("video of a1");
    }

    @Test
    void aDoneUploadIsArchivedAndItsWorkFolderCleared() throws Exception {
        Asset a = upload("a1", "week 1/lecture.mp4");
        arrive(a, bytes("video of a1"), bytes("{\"title\": \"Lecture 1\"}"));

        keeper.archive(a);

        assertThat(folders.workDir("a1")).doesNotExist();
        assertThat(archivedSource(a)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("video of a1"));
    }

    /** A crash after archiving but before READY was recorded: publishing runs again and archives again. */
    @Test
    void archivingAgainIsHarmless() throws Exception {
        Asset a = upload("a1", "lecture.mp4");
        arrive(a, bytes("video of a1"), null);
        keeper.archive(a);

        keeper.archive(a);

        assertThat(archivedSource(a)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("video of a1"));
    }

    @Test
    void sameNamedUploadsInFlightTogetherEachArchiveTheirOwnSource() throws Exception {
        Asset first = upload("a1", "week 1/lecture.mp4");
        Asset second = upload("a2", "week 1/lecture.mp4");
        arrive(first, bytes("first video"), null);
        arrive(second, bytes("second video"), null);

        keeper.archive(first);
        keeper.archive(second);

        assertThat(archivedSource(first)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("first video"));
        assertThat(archivedSource(second)).hasValueSatisfying(b -> assertThat(b).asString(StandardCharsets.UTF_8).isEqualTo("second video"));
    }

    /** As {@code FailureRecorder} does it: the location is on record before the source moves. */
    protected String fail(Asset asset, String report) throws Exception {
        String location = keeper.failedLocation(asset);
        asset.setKeptAt(location);
        keeper.keepFailed(asset, bytes(report));
        return location;
    }

    protected static Asset upload(String id, String name) {
        return Asset.received(id, new SourceFile(name, 11, null), Instant.EPOCH, Instant.EPOCH);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
