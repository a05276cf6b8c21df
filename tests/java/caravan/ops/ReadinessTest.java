package caravan.ops;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Readiness follows the pipeline's dependencies: each one is broken for real (the database locked by another
 * process, ffmpeg gone, the inbox replaced by a file, the disk filled past the minimum), readiness turns DOWN with
 * the reason while liveness stays UP, and after the repair it is UP again without a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ReadinessTest {
    private static final long MARGIN = 200L << 20;

    @TempDir
    static Path dir;
    CaravanApp app;
    Path ffmpeg;

    @BeforeAll
    void start() throws Exception {
        ffmpeg = dir.resolve("ffmpeg");
        Files.writeString(ffmpeg, "#!/bin/sh\nexec " + String.join(" ", TestClips.tools().ffmpeg().stream().map(a -> "'" + a + "'").toList()) + " \"$@\"\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwx------"));
        long free = Files.getFileStore(dir).getUsableSpace();
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.ffmpeg.path", ffmpeg.toString(),
                "caravan.health.toolsRecheckMillis", "0", "caravan.health.minFreeBytes", String.valueOf(free - MARGIN)));
        awaitReady(true);
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aLockedDatabaseMakesCaravanUnreadyUntilTheLockIsReleased() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + app.data().resolve("caravan.db"));
             Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            assertThat(awaitCheck("caravan-store", "DOWN").path("message").asText()).contains("database", "locked");
            assertThat(app.management("/observe/health/ready").statusCode()).isEqualTo(503);
            assertThat(app.management("/observe/health/live").statusCode()).isEqualTo(200);
            st.execute("ROLLBACK");
        }
        awaitReady(true);
    }

    @Test
    void aMissingFfmpegMakesCaravanUnreadyUntilItIsBack() throws Exception {
        Path aside = dir.resolve("ffmpeg.aside");
        Files.move(ffmpeg, aside);
        try {
            assertThat(awaitCheck("caravan-ffmpeg", "DOWN").path("message").asText()).contains("ffmpeg");
            assertThat(app.management("/observe/health/live").statusCode()).isEqualTo(200);
        } finally {
            Files.move(aside, ffmpeg);
        }
        awaitReady(true);
    }

    @Test
    void anInboxThatIsNoLongerAFolderMakesCaravanUnreadyUntilItIsRestored() throws Exception {
        Path inbox = app.inbox();
        Path aside = dir.resolve("inbox.aside");
        Files.move(inbox, aside);
        Files.writeString(inbox, "not a folder");
        try {
            assertThat(awaitCheck("caravan-inbox", "DOWN").path("message").asText()).contains("is not a folder");
        } finally {
            Files.delete(inbox);
            Files.move(aside, inbox);
        }
        awaitReady(true);
    }

    @Test
    void aFullDiskMakesCaravanUnreadyUntilSpaceIsFreed() throws Exception {
        Path ballast = app.data().resolve("ballast.bin");
        byte[] chunk = new byte[8 << 20];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            for (long written = 0; written < 3 * MARGIN; written += chunk.length) {
                out.write(chunk);
            }
        }
        try {
            assertThat(awaitCheck("caravan-disk", "DOWN").path("message").asText()).contains("free", "caravan.health.minFreeBytes");
        } finally {
            Files.delete(ballast);
        }
        awaitReady(true);
    }

    private JsonNode awaitCheck(String name, String state) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(end)) {
            last = check(readiness(), name);
            if (last != null && state.equals(last.path("status").asText())) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Check " + name + " did not turn " + state + "; last: " + last);
    }

    private void awaitReady(boolean up) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(20));
        JsonNode last = null;
        while (Instant.now().isBefore(end)) {
            last = readiness();
            if (last.path("status").asText().equals(up ? "UP" : "DOWN")) {
                for (String id : new String[]{"caravan-store", "caravan-ffmpeg", "caravan-inbox", "caravan-disk"}) {
                    assertThat(check(last, id)).as(id).isNotNull();
                }
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Readiness did not become " + (up ? "UP" : "DOWN") + ": " + last);
    }

    private JsonNode readiness() throws Exception {
        HttpResponse<String> r = app.management("/observe/health/ready");
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (name.equals(c.path("name").asText())) {
                return c;
            }
        }
        return null;
    }
}
