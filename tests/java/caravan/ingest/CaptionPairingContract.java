package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.database.SqliteDatabase;
import caravan.keys.FieldSealer;
import caravan.keys.MasterKeyFile;
import caravan.metadata.MetadataStage;
import caravan.metadata.SidecarReader;
import caravan.notify.Notifier;
import caravan.notify.SqliteOutbox;
import caravan.store.AssetStore;
import caravan.store.SqliteAssetStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * How caption files pair with their video, wherever uploads come from (the inbox, the ingest bucket): by the same
 * names ({@code NAME.vtt}, {@code NAME.srt}, {@code NAME.<lang>.vtt}, in the same folder), whether they arrive before
 * the video (taken with it) or during its transcode (late pairing), kept under Caravan's own names, each once, and
 * never taken alone as media.
 */
abstract class CaptionPairingContract {
    static final String VIDEO = "course-a/talk.mp4";
    static final String HELLO = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n";

    @TempDir
    Path dir;
    DataFolders folders;
    AssetStore store;
    Notifier notifier;
    MetadataStage metadata;

    /** Uploads a file (video or caption) under {@code name}, relative to the inbox or the bucket, as a user would. */
    abstract void upload(String name, String content) throws Exception;

    /** The intake of an uploaded file: the assets it makes (none for a file that is never taken alone). */
    abstract List<String> take(String name) throws Exception;

    /** The late pairing under test. */
    abstract LatePairing pairing() throws Exception;

    @BeforeEach
    void anEmptyInboxOrBucket() throws Exception {
        folders = DataFolders.create(dir.resolve("data"));
        SqliteDatabase db = new SqliteDatabase(dir.resolve("caravan.db"));
        store = new SqliteAssetStore(db, Clock.systemUTC());
        notifier = new Notifier(new SqliteOutbox(db), List.of(), Clock.systemUTC(), () -> { });
        metadata = new MetadataStage(folders, store, new SidecarReader(1 << 20),
                new FieldSealer(MasterKeyFile.openOrCreate(dir.resolve("master.key"))));
    }

    private String takeVideo() throws Exception {
        upload(VIDEO, "the video");
        List<String> ids = take(VIDEO);
        assertThat(ids).hasSize(1);
        store.update(ids.get(0), a -> a.setStatus(AssetStatus.TRANSCODING));
        return ids.get(0);
    }

    private List<CaptionFiles.Kept> kept(String id) throws Exception {
        return CaptionFiles.kept(folders.captions(id));
    }

    @Test
    void captionsUploadedBeforeTheVideoAreTakenWithItUnderNamesOfOurOwn() throws Exception {
        upload("course-a/talk.en.vtt", HELLO);
        upload("course-a/talk.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n");
        upload("course-a/talk.final.vtt", HELLO); // not a language
        upload("course-a/other.en.vtt", HELLO); // another video's
        upload("course-b/talk.de.vtt", HELLO); // another folder's

        String id = takeVideo();

        assertThat(kept(id)).extracting(k -> k.file().getFileName().toString(), CaptionFiles.Kept::language, CaptionFiles.Kept::format)
                .containsExactly(tuple("01.en.vtt", "en", "vtt"), tuple("02.und.srt", "und", "srt"));
        assertThat(Files.readString(folders.captions(id).resolve("01.en.vtt"))).isEqualTo(HELLO);
    }

    @Test
    void captionsUploadedDuringTheTranscodeArePairedBeforePublishing() throws Exception {
        String id = takeVideo();
        upload("course-a/talk.fr.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nBonjour\n");

        pairing().pair(id);

        assertThat(kept(id)).extracting(CaptionFiles.Kept::language).containsExactly("fr");
        assertThat(Files.readString(kept(id).get(0).file())).contains("Bonjour");
    }

    @Test
    void captionsBeforeAndAfterTheVideoAreEachKeptOnceHoweverOftenPairingRuns() throws Exception {
        upload("course-a/talk.en.vtt", HELLO);
        String id = takeVideo();
        upload("course-a/talk.fr.vtt", HELLO);

        pairing().pair(id);
        pairing().pair(id); // again, as after a resumed asset: nothing twice

        assertThat(kept(id)).extracting(CaptionFiles.Kept::language).containsExactlyInAnyOrder("en", "fr");
    }

    @Test
    void withoutCaptionsNothingIsKept() throws Exception {
        upload("course-a/talk.json", "{\"title\": \"Only a sidecar\"}");
        String id = takeVideo();

        pairing().pair(id);

        assertThat(kept(id)).isEmpty();
    }

    @Test
    void aCaptionIsNeverTakenAloneAsMedia() throws Exception {
        upload("course-a/lonely.en.vtt", HELLO);
        upload("course-a/lonely.SRT", HELLO);

        assertThat(take("course-a/lonely.en.vtt")).isEmpty();
        assertThat(take("course-a/lonely.SRT")).isEmpty();
        assertThat(store.list(100, null)).extracting(Asset::getId).isEmpty();
    }

    @Test
    void atMostThirtyTwoCaptionsAreTakenWithOneVideo() throws Exception {
        for (int i = 0; i < 40; i++) {
            upload("course-a/talk.x" + (char) ('a' + i / 26) + (char) ('a' + i % 26) + ".vtt", HELLO);
        }

        String id = takeVideo();

        assertThat(kept(id)).hasSize(CaptionFiles.MAX_PER_VIDEO);
    }
}
