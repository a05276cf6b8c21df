package caravan.ops;

import caravan.asset.Json;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jolokia on the management port, as Hawtio or curl would use it: only with the generated credentials, able to read
 * the Camel context and to suspend and resume a route, and unable to call JVM operations or change attributes.
 * Health and metrics stay open for the orchestrator and Prometheus; cross-origin calls only from the Hawtio origin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class JolokiaAccessTest {
    private static final String HAWTIO = "http://localhost:10001";
    private static final String ROUTE = "org.apache.camel:context=caravan,type=routes,name=\"webhook-outbox\"";
    private static final String CONTEXT = "org.apache.camel:context=caravan,type=context,name=\"caravan\"";

    @TempDir
    static Path dir;
    CaravanApp app;
    String user;
    String password;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.management.hawtioOrigin", HAWTIO));
        Path users = app.data().resolve("management-users.properties");
        assertThat(Files.getPosixFilePermissions(users)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Properties p = new Properties();
        p.load(Files.newBufferedReader(users));
        user = "caravan";
        password = p.getProperty("user.caravan").split(",")[0].trim();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void jolokiaRefusesAnonymousAndWrongCredentialsButHealthAndMetricsStayOpen() throws Exception {
        assertThat(app.management("/observe/jolokia/version").statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/observe/jolokia/version")).header("Authorization", basic(user, "wrong"))).statusCode())
                .isEqualTo(401);
        assertThat(app.management("/observe/health/live").statusCode()).isEqualTo(200);
        assertThat(app.management("/observe/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void withCredentialsTheCamelContextCanBeRead() throws Exception {
        JsonNode r = jolokia("{\"type\":\"read\",\"mbean\":\"org.apache.camel:context=caravan,type=context,name=\\\"caravan\\\"\",\"attribute\":\"State\"}");
        assertThat(r.path("status").asInt()).as(r.toString()).isEqualTo(200);
        assertThat(r.path("value").asText()).isEqualTo("Started");
        JsonNode exchanges = jolokia("{\"type\":\"read\",\"mbean\":\"" + esc(ROUTE) + "\",\"attribute\":\"ExchangesTotal\"}");
        assertThat(exchanges.path("status").asInt()).as(exchanges.toString()).isEqualTo(200);
    }

    @Test
    void anOperatorCanSuspendAndResumeARoute() throws Exception {
        JsonNode suspend = jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(ROUTE) + "\",\"operation\":\"suspend()\"}");
        assertThat(suspend.path("status").asInt()).as(suspend.toString()).isEqualTo(200);
        assertThat(routeState()).isEqualTo("Suspended");
        JsonNode resume = jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(ROUTE) + "\",\"operation\":\"resume()\"}");
        assertThat(resume.path("status").asInt()).as(resume.toString()).isEqualTo(200);
        assertThat(routeState()).isEqualTo("Started");
    }

    @Test
    void jvmOperationsWritesAndOtherCamelOperationsAreDenied() throws Exception {
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}").path("status").asInt())
                .isEqualTo(403);
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Threading\",\"operation\":\"dumpAllThreads(boolean,boolean)\",\"arguments\":[true,true]}")
                .path("status").asInt()).isEqualTo(403);
        assertThat(jolokia("{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}").path("status").asInt())
                .isEqualTo(403);
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(ROUTE) + "\",\"operation\":\"remove()\"}").path("status").asInt())
                .isEqualTo(403);
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"SystemProperties\"}").path("status").asInt())
                .isEqualTo(403);
        assertThat(routeState()).isEqualTo("Started");
    }

    @Test
    void hawtiosRouteDiagramMayDumpTheRoutesButNothingElseOpensUp() throws Exception {
        JsonNode routes = jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(CONTEXT) + "\",\"operation\":\"dumpRoutesAsXml()\"}");
        assertThat(routes.path("status").asInt()).as(routes.toString()).isEqualTo(200);
        assertThat(routes.path("value").asText()).contains("id=\"pipeline\"", "id=\"ingest-folder\"", "id=\"media-origin\"")
                .doesNotContain(app.token());
        JsonNode stats = jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(CONTEXT) + "\",\"operation\":\"dumpRoutesStatsAsXml\",\"arguments\":[true,true]}");
        assertThat(stats.path("status").asInt()).as(stats.toString()).isEqualTo(200);
        assertThat(stats.path("value").asText()).contains("routeStat");
        JsonNode routeStats = jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(ROUTE) + "\",\"operation\":\"dumpRouteStatsAsXml\",\"arguments\":[true,true]}");
        assertThat(routeStats.path("status").asInt()).as(routeStats.toString()).isEqualTo(200);

        // the dump that resolves placeholders (and so could show configured values) stays closed
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(CONTEXT) + "\",\"operation\":\"dumpRoutesAsXml(boolean)\",\"arguments\":[true]}")
                .path("status").asInt()).isEqualTo(403);
        // other Camel operations that are not dumps, and JVM operations, are still denied
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(CONTEXT) + "\",\"operation\":\"stop()\"}").path("status").asInt())
                .isEqualTo(403);
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"" + esc(CONTEXT) + "\",\"operation\":\"addOrUpdateRoutesFromXml(java.lang.String)\",\"arguments\":[\"<routes/>\"]}")
                .path("status").asInt()).isEqualTo(403);
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Threading\",\"operation\":\"dumpAllThreads(boolean,boolean)\",\"arguments\":[true,true]}")
                .path("status").asInt()).isEqualTo(403);
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"" + esc(CONTEXT) + "\",\"attribute\":\"State\"}").path("value").asText())
                .isEqualTo("Started");
    }

    @Test
    void crossOriginRequestsAreAllowedOnlyFromTheHawtioOrigin() throws Exception {
        HttpResponse<String> fromHawtio = send(HttpRequest.newBuilder(uri("/observe/jolokia/version"))
                .header("Origin", HAWTIO).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(fromHawtio.headers().firstValue("Access-Control-Allow-Origin")).contains(HAWTIO);
        HttpResponse<String> fromElsewhere = send(HttpRequest.newBuilder(uri("/observe/jolokia/version"))
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(fromElsewhere.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    private String routeState() throws Exception {
        return jolokia("{\"type\":\"read\",\"mbean\":\"" + esc(ROUTE) + "\",\"attribute\":\"State\"}").path("value").asText();
    }

    private JsonNode jolokia(String body) throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/observe/jolokia/")).header("Authorization", basic(user, password))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.MAPPER.readTree(r.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.managementPort() + path);
    }

    private static String esc(String s) {
        return s.replace("\"", "\\\"");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
