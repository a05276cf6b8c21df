package caravan.delivery;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.Scrape;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key server cannot be made to fill the audit log: requests that name no asset are counted in a metric and
 * not audited, requests for a real asset are audited (granted and denied), and a client over its rate limit is
 * answered 429 with Retry-After. The limit here is lowered (2/s, burst 10) so a test run cannot outpace it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class KeyRequestsTest {
    private static final String REJECTED = "caravan_key_requests_rejected_total";
    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of("caravan.delivery.keyRequestsPerSecond", "2", "caravan.delivery.keyRequestBurst", "10"));
        app.drop(TestClips.variant(TestClips.noAudio(), "keys"), "keys.mp4");
        asset = app.awaitOutcome("keys.mp4", Duration.ofSeconds(90));
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void requestsForNoAssetAreCountedNotAuditedAndABurstIsAnswered429() throws Exception {
        // a real asset first: a player with a grant, then an anonymous client; both audited
        assertThat(app.contentKey(asset.getId())).hasSize(16);
        assertThat(get("/keys/" + asset.getId()).statusCode()).isEqualTo(403);
        JsonNode trail = Json.MAPPER.readTree(app.get("/api/assets/" + asset.getId() + "/audit", app.token()).body()).path("items");
        List<String> keyFetches = new ArrayList<>();
        trail.forEach(e -> {
            if (e.path("action").asText().equals("key-fetch")) {
                keyFetches.add(e.path("outcome").asText());
            }
        });
        assertThat(keyFetches).containsExactly("granted", "denied");

        long rowsBefore = auditRows();
        Scrape before = scrape();
        // each on a new connection: the limit is the client address's, not the connection's
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = switch (i % 4) {
                case 0 -> "nosuchasset" + i;
                case 1 -> "NOT-AN-ID";
                case 2 -> "a".repeat(41);
                default -> "zz" + i;
            };
            answers.add(onNewConnection("/keys/" + id));
        }
        Scrape after = scrape();

        assertThat(auditRows()).as("audit rows written by 200 requests for no asset").isEqualTo(rowsBefore);
        assertThat(after.value(REJECTED) - before.value(REJECTED)).isEqualTo(200);
        assertThat(after.value(REJECTED, "reason", "unknown_asset") - before.value(REJECTED, "reason", "unknown_asset")).isPositive();
        assertThat(after.value(REJECTED, "reason", "malformed_id") - before.value(REJECTED, "reason", "malformed_id")).isPositive();
        assertThat(after.value(REJECTED, "reason", "rate_limited") - before.value(REJECTED, "reason", "rate_limited")).isPositive();

        assertThat(answers).allSatisfy(r -> assertThat(r).matches("(?s)HTTP/1.1 (403|429) .*"));
        assertThat(answers.get(0)).startsWith("HTTP/1.1 403 ");
        String limited = answers.stream().filter(r -> r.startsWith("HTTP/1.1 429 ")).findFirst().orElseThrow();
        assertThat(Long.parseLong(limited.replaceAll("(?si).*\r\nretry-after: *(\\d+)\r\n.*", "$1"))).isBetween(1L, 60L);
        assertThat(limited.toLowerCase()).contains("\r\ncache-control: no-store\r\n");
    }

    /** The response's status line and headers, over a connection of its own. */
    private String onNewConnection(String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", URI.create(app.baseUrl()).getPort())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return response.substring(0, response.indexOf("\r\n\r\n") + 2);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Scrape scrape() throws Exception {
        return Scrape.parse(app.management("/observe/metrics").body());
    }

    private long auditRows() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("caravan.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM audit")) {
            return rs.getLong(1);
        }
    }
}
