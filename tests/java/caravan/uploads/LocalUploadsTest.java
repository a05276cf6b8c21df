package caravan.uploads;

import caravan.DataFolders;
import caravan.asset.Json;
import caravan.metadata.SidecarReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Local uploads on disk: owner-only until complete, landing in the inbox whole and under a free name, swept once expired. */
class LocalUploadsTest {
    @TempDir
    Path dir;

    static final UploadSettings SETTINGS = new UploadSettings(1000, 4096, 3600, 900, 100L << 20, 64L << 20);
    final SidecarReader reader = new SidecarReader(4096);

    @Test
    void anAbandonedUploadIsSweptOnceItExpiresAndOnlyThen() throws Exception {
        MovableClock clock = new MovableClock();
        DataFolders folders = DataFolders.create(dir.resolve("data"));
        LocalUploads uploads = new LocalUploads(folders, SETTINGS, clock);
        UploadTicket ticket = uploads.open(UploadRequest.fromJson("{\"name\": \"talk.mp4\", \"size\": 100}", reader, SETTINGS));
        Files.write(uploads.find(ticket.id()).orElseThrow().data(), new byte[40]);

        clock.advance(Duration.ofMinutes(59));
        assertThat(uploads.sweep()).isZero();
        assertThat(uploads.find(ticket.id())).isPresent();

        clock.advance(Duration.ofMinutes(2));
        assertThat(uploads.find(ticket.id())).as("an expired upload takes no more bytes").isEmpty();
        assertThat(uploads.sweep()).isEqualTo(1);
        assertThat(files(folders.root().resolve("uploads"))).isEmpty();
        assertThat(files(folders.inbox())).as("nothing of it ever reached the inbox").isEmpty();
    }

    @Test
    void aCompleteUploadLandsWithItsSidecarUnderAFreeNameAndPartialBytesStayOwnerOnly() throws Exception {
        DataFolders folders = DataFolders.create(dir.resolve("data"));
        LocalUploads uploads = new LocalUploads(folders, SETTINGS, Clock.systemUTC());
        Files.writeString(folders.inbox().resolve("Talk.json"), "{}"); // someone's sidecar waiting for its video
        UploadTicket ticket = uploads.open(UploadRequest.fromJson(
                "{\"name\": \"talk.mp4\", \"size\": 3, \"externalId\": \"x-1\", \"metadata\": {\"title\": \"T\"}}", reader, SETTINGS));
        LocalUploads.Upload upload = uploads.find(ticket.id()).orElseThrow();
        Files.write(upload.data(), new byte[]{1, 2, 3});
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(upload.folder()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(upload.data()))).isEqualTo("rw-------");

        assertThat(uploads.land(upload)).isEqualTo("talk (2).mp4");
        assertThat(Files.readAllBytes(folders.inbox().resolve("talk (2).mp4"))).containsExactly(1, 2, 3);
        var sidecar = Json.MAPPER.readTree(folders.inbox().resolve("talk (2).json").toFile());
        assertThat(sidecar.path("externalId").asText()).isEqualTo("x-1");
        assertThat(sidecar.path("title").asText()).isEqualTo("T");
        assertThat(uploads.find(ticket.id())).isEmpty();
    }

    @Test
    void anUploadWithAllItsBytesThatAStopCaughtBeforeTheInboxLandsAtTheNextStartEvenExpired() throws Exception {
        MovableClock clock = new MovableClock();
        DataFolders folders = DataFolders.create(dir.resolve("data"));
        LocalUploads before = new LocalUploads(folders, SETTINGS, clock);
        UploadTicket complete = before.open(UploadRequest.fromJson(
                "{\"name\": \"done.mp4\", \"size\": 3, \"metadata\": {\"title\": \"D\"}}", reader, SETTINGS));
        Files.write(before.find(complete.id()).orElseThrow().data(), new byte[]{7, 8, 9});
        UploadTicket partial = before.open(UploadRequest.fromJson("{\"name\": \"half.mp4\", \"size\": 4}", reader, SETTINGS));
        Files.write(before.find(partial.id()).orElseThrow().data(), new byte[]{1, 2});

        clock.advance(Duration.ofHours(2)); // restarted long after: both expired
        LocalUploads after = new LocalUploads(folders, SETTINGS, clock);
        assertThat(after.landFinished()).isEqualTo(1);
        assertThat(Files.readAllBytes(folders.inbox().resolve("done.mp4"))).containsExactly(7, 8, 9);
        assertThat(Json.MAPPER.readTree(folders.inbox().resolve("done.json").toFile()).path("title").asText()).isEqualTo("D");
        assertThat(files(folders.inbox())).as("the partial one stays out of the inbox").hasSize(2);
        assertThat(after.sweep()).as("the expired partial one is swept").isEqualTo(1);
        assertThat(files(folders.root().resolve("uploads"))).isEmpty();
    }

    @Test
    void requestsAreCheckedAsSidecarsAndAgainstTheSizeLimit() {
        assertThatThrownBy(() -> UploadRequest.fromJson("{\"name\": \"a.mp4\", \"size\": 1001}", reader, SETTINGS))
                .isInstanceOfSatisfying(UploadRefused.class, r -> assertThat(r.code()).isEqualTo("FILE_TOO_LARGE"));
        assertThatThrownBy(() -> UploadRequest.fromJson("{\"name\": \"a.mp4\", \"size\": 5, \"externalId\": \"\"}", reader, SETTINGS))
                .isInstanceOfSatisfying(UploadRefused.class, r -> assertThat(r.code()).isEqualTo("SIDECAR_INVALID"));
        assertThatThrownBy(() -> UploadRequest.fromJson("{\"name\": \"a.json\", \"size\": 5}", reader, SETTINGS))
                .isInstanceOfSatisfying(UploadRefused.class, r -> assertThat(r.code()).isEqualTo("UNSUPPORTED_FORMAT"));
        assertThatThrownBy(() -> UploadRequest.fromJson("{\"name\": \".hidden.mp4\", \"size\": 5}", reader, SETTINGS))
                .isInstanceOfSatisfying(UploadRefused.class, r -> assertThat(r.code()).isEqualTo("BAD_REQUEST"));
        assertThatThrownBy(() -> UploadRequest.fromJson("{\"name\": \"a.mp4\", \"size\": 5, \"metadata\": {\"t\": 1, \"t\": 2}}", reader, SETTINGS))
                .isInstanceOfSatisfying(UploadRefused.class, r -> assertThat(r.code()).isEqualTo("SIDECAR_NOT_JSON"));
        UploadRequest tus = UploadRequest.fromTus("5", "filename bGVjdHVyZS5tcDQ=,externalId ZXh0LTk=", reader, SETTINGS);
        assertThat(tus.name()).isEqualTo("lecture.mp4");
        assertThat(tus.externalId()).isEqualTo("ext-9");
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(p -> !p.equals(folder)).toList();
        }
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
