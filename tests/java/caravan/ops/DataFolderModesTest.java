package caravan.ops;

import caravan.asset.Json;
import caravan.testing.ChildCaravan;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Caravan started as an operator would, from a shell whose umask (022) makes files world-readable, on a data
 * folder that somebody left open (0755): after an upload with a sidecar and captions reaches READY and a bad one
 * FAILED, nothing under the data folder can be read, written or entered by another account, and the management
 * port answers on loopback only.
 */
@Pipeline
class DataFolderModesTest {
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = Set.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    @TempDir
    Path dir;

    @Test
    void withAnOpenUmaskEverythingUnderTheDataFolderIsTheOwnersOnlyAndManagementIsOnLoopback() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (ChildCaravan caravan = ChildCaravan.startWithUmask(data, Map.of(), dir.resolve("caravan.log"), "022")) {
            drop(data, "lecture.json", Files.writeString(dir.resolve("s.json"), "{\"title\": \"Private lecture\", \"sensitive\": {\"mrn\": \"MRN-1\"}}"));
            drop(data, "lecture.en.vtt", Files.writeString(dir.resolve("c.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n"));
            drop(data, "lecture.mp4", TestClips.variant(TestClips.landscape(4), "modes"));
            drop(data, "notes.mp4", TestClips.textAsMp4());
            assertThat(awaitOutcome(caravan, "lecture.mp4").path("status").asText()).isEqualTo("READY");
            assertThat(awaitOutcome(caravan, "notes.mp4").path("status").asText()).isEqualTo("FAILED");

            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(data.resolve("caravan.db"))).isEqualTo("rw-------");
            assertThat(mode(data.resolve("archive"))).isEqualTo("rwx------");
            List<Path> all = walk(data);
            assertThat(all).as("the upload's files were found").anyMatch(p -> p.startsWith(data.resolve("archive")) && p.toString().endsWith(".json"))
                    .anyMatch(p -> p.getFileName().toString().startsWith("poster"))
                    .anyMatch(p -> p.toString().contains("captions"))
                    .anyMatch(p -> p.startsWith(data.resolve("failed")) && p.getFileName().toString().startsWith("notes"))
                    .anyMatch(p -> p.getFileName().toString().equals("caravan.db-wal"));
            List<String> open = new ArrayList<>();
            for (Path p : all) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                if (!Collections.disjoint(mode, GROUP_OR_OTHER)) {
                    open.add(data.relativize(p) + " " + PosixFilePermissions.toString(mode));
                }
            }
            assertThat(open).as("files and folders other accounts could use").isEmpty();

            Optional<InetAddress> lan = nonLoopbackAddress();
            assumeTrue(lan.isPresent(), "this machine has no address but loopback");
            try (Socket business = new Socket()) {
                business.connect(new InetSocketAddress(lan.get(), caravan.httpPort()), 2000);
            }
            assertThatThrownBy(() -> {
                try (Socket management = new Socket()) {
                    management.connect(new InetSocketAddress(lan.get(), caravan.managementPort()), 2000);
                }
            }).as("management port on %s", lan.get()).isInstanceOf(ConnectException.class);
            assertThat(caravan.management("/observe/health/live")).contains("UP");
        }
    }

    private static void drop(Path data, String name, Path file) throws IOException {
        Path tmp = data.resolve("inbox").resolve("." + name + ".uploading");
        Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, data.resolve("inbox").resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonNode awaitOutcome(ChildCaravan caravan, String name) throws Exception {
        Instant end = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(end)) {
            for (JsonNode a : Json.MAPPER.readTree(caravan.get("/api/assets").body()).path("items")) {
                String status = a.path("status").asText();
                if (name.equals(a.path("source").path("name").asText()) && Set.of("READY", "FAILED", "DUPLICATE").contains(status)) {
                    return a;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError(name + " did not reach an outcome");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    private static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !Files.isSymbolicLink(p)).toList();
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        return Optional.of(a);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
