package caravan.ops;

import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code caravan.management.authenticateAll=true} metrics, health, readiness and Jolokia need a management
 * account; liveness stays open for the orchestrator, also when asked for through dot segments of another path.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class ManagementLoginTest {
    private static final List<String> PROTECTED = List.of("/observe/metrics", "/observe/health", "/observe/health/ready",
            "/observe/jolokia/version", "/observe/info", "/observe/health/live/../ready");

    @TempDir
    static Path dir;
    CaravanApp app;
    String password;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.management.authenticateAll", "true"));
        Properties p = new Properties();
        p.load(Files.newBufferedReader(app.data().resolve("management-users.properties")));
        password = p.getProperty("user.caravan").split(",")[0].trim();
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void everythingButLivenessNeedsTheManagementAccount() throws Exception {
        for (String path : PROTECTED) {
            assertThat(get(path, null).statusCode()).as("%s without credentials", path).isEqualTo(401);
            assertThat(get(path, basic("caravan", "wrong")).statusCode()).as("%s with a wrong password", path).isEqualTo(401);
        }
        assertThat(get("/observe/metrics", basic("caravan", password)).statusCode()).isEqualTo(200);
        assertThat(get("/observe/metrics", basic("caravan", password)).body()).contains("caravan_key_requests_rejected_total");
        assertThat(get("/observe/health/ready", basic("caravan", password)).statusCode()).isEqualTo(200);
        assertThat(get("/observe/jolokia/version", basic("caravan", password)).statusCode()).isEqualTo(200);

        HttpResponse<String> live = get("/observe/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.body()).contains("UP");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.managementPort() + path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
