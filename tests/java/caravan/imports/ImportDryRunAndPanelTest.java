package caravan.imports;

import caravan.asset.Json;
import caravan.cli.CaravanCli;
import caravan.cost.PriceTable;
import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The dry run: counts, the sources' real hours, a measured (not assumed) CPU cost, MediaConvert minutes at the table's
 * price, and nothing imported; the web page's import panel: an import's lines done, rejected, hours and its report.
 */
@Pipeline
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportDryRunAndPanelTest {
    private Path dir;
    private CaravanApp app;
    private Path manifest;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("dry-run");
        Path ladder = Files.writeString(dir.resolve("ladder.json"), """
                {"video": {"codec": "libx264", "profile": "high", "preset": "veryfast", "gopSeconds": 2, "maxFrameRate": 30},
                 "audio": {"codec": "aac", "bitrateKbps": 64, "sampleRate": 48000, "channels": 2},
                 "hls": {"segmentSeconds": 2}, "rungs": [{"name": "180p", "height": 180, "videoKbps": 300}]}
                """);
        app = CaravanApp.start(dir.resolve("data"), Map.of("caravan.ladder.file", ladder.toString(), "caravan.imports.calibrationSeconds", "2"));
        StringBuilder csv = new StringBuilder("source,external_id,metadata\n");
        for (int seconds = 1; seconds <= 3; seconds++) {
            Path clip = TestClips.make("dry-run-" + seconds + "s.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=" + seconds,
                    "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
            csv.append(clip).append(",dry-").append(seconds).append(",\"{\"\"title\"\": \"\"Lecture ").append(seconds).append("\"\"}\"\n");
        }
        csv.append(dir.resolve("missing.mp4")).append(",dry-missing,\n");
        manifest = Files.writeString(dir.resolve("library.csv"), csv.toString());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        caravan.DataFolders.deleteTree(dir);
    }

    @Test
    void theEstimateCountsTheLinesMeasuresThisMachineAndPricesMediaConvertFromTheTable() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/imports?dryRun=true"))
                .header("Authorization", "Bearer " + app.token()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(manifest))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode e = Json.MAPPER.readTree(r.body());
        assertThat(e.path("lines").asInt()).isEqualTo(4);
        assertThat(e.path("probed").asInt()).isEqualTo(3);
        assertThat(e.path("rejected").asInt()).isEqualTo(1);
        assertThat(e.path("problems").get(0).path("line").asInt()).isEqualTo(5);
        assertThat(e.path("problems").get(0).path("code").asText()).isEqualTo("SOURCE_MISSING");

        double seconds = 1 + 2 + 3;
        assertThat(e.path("totalHours").asDouble() * 3600).as("the sources' durations").isCloseTo(seconds, within(0.2));
        JsonNode c = e.path("calibration");
        assertThat(c.path("line").asInt()).isEqualTo(2);
        assertThat(c.path("mediaSeconds").asDouble()).isEqualTo(1.0);
        assertThat(c.path("cpuSeconds").asDouble()).as("measured from the encode").isPositive();
        assertThat(c.path("cpuSecondsPerMediaSecond").asDouble()).isPositive();
        assertThat(e.path("projectedCpuHours").asDouble() * 3600)
                .isCloseTo(e.path("totalHours").asDouble() * 3600 * c.path("cpuSecondsPerMediaSecond").asDouble(), within(0.1));

        PriceTable prices = PriceTable.load(Path.of("config/prices.json"));
        double minutes = e.path("mediaConvertNormalizedMinutes").asDouble();
        assertThat(minutes).as("one SD output at 25 fps: a normalized minute per minute").isCloseTo(seconds / 60, within(0.01));
        assertThat(e.path("mediaConvertCost").asDouble()).isCloseTo(minutes * prices.mediaConvertNormalizedMinute(), within(0.0001));
        assertThat(e.path("currency").asText()).isEqualTo(prices.currency());
        long sources = e.path("sourceBytes").asLong();
        assertThat(sources).isPositive();
        assertThat(e.path("projectedBytesStored").asLong()).as("the ladder's bytes on top of the kept sources")
                .isGreaterThan(sources + (long) (seconds * (300 + 64) * 1000 / 8 * 0.9));
        JsonNode finish = e.path("timeToFinish");
        assertThat(finish).hasSize(5);
        assertThat(finish.get(0).path("workers").asInt()).isEqualTo(1);
        assertThat(finish.get(4).path("workers").asInt()).isEqualTo(16);
        assertThat(finish.get(0).path("hours").asDouble()).isPositive().isGreaterThan(finish.get(4).path("hours").asDouble());

        assertThat(app.store().findByExternalId("dry-1")).as("a dry run imports nothing").isEmpty();
        String id = ImportApi.importId(ManifestFormat.CSV, Files.readAllBytes(manifest));
        assertThat(app.get("/api/imports/" + id, app.token()).statusCode()).isEqualTo(404);
    }

    @Test
    void theCommandLinePrintsTheEstimateAsATable() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = CaravanCli.run(new String[]{"import", "--dry-run", manifest.toString()},
                Map.of("CARAVAN_HTTP_PORT", app.baseUrl().replaceAll(".*:", ""), "CARAVAN_DATA", app.data().toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("line 5: SOURCE_MISSING", "4 (3 probed, 1 rejected, 0 unreadable)", "CPU-s per media second",
                "MediaConvert", "1 worker:", "16 workers:", "config/prices.json", "Nothing was imported");
    }

    @Test
    void theImportPanelShowsEachImportsProgressAndItsReport() throws Exception {
        Path clip = TestClips.variant(TestClips.make("dry-run-1s.mp4", List.of()), "panel");
        String csv = "source,external_id,metadata\n" + clip + ",panel-1,\n" + dir.resolve("nowhere.mp4") + ",panel-2,\n";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(app.baseUrl() + "/api/imports"))
                .header("Authorization", "Bearer " + app.token()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(202);
        String id = Json.MAPPER.readTree(r.body()).path("id").asText();
        try (Browser browser = new Browser()) {
            ChromeDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(90));
            driver.get(app.baseUrl() + "/");
            driver.findElement(By.id("token")).sendKeys(app.token());
            driver.findElement(By.id("signin")).click();
            wait.until(d -> d.findElement(By.id("imports-panel")).isDisplayed());
            By row = By.cssSelector("#imports tr[data-import-id='" + id + "']");
            wait.until(d -> !d.findElements(row).isEmpty() && d.findElement(row).getText().contains("finished"));
            List<String> cells = driver.findElement(row).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            assertThat(cells.get(0)).isEqualTo(id);
            assertThat(cells.get(1)).endsWith("2/2");
            assertThat(cells.subList(2, 7)).as("done, failed, skipped, rejected, remaining").containsExactly("1", "0", "0", "1", "0");
            assertThat(Double.parseDouble(cells.get(7))).as("hours encoded").isGreaterThanOrEqualTo(0);
            assertThat(driver.findElement(row).findElement(By.className("import-report")).getAttribute("href"))
                    .endsWith("/api/imports/" + id + "/report.csv");
            Object report = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0], {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('caravan.token')}})"
                    + ".then(r => r.text()).then(done)", "/api/imports/" + id + "/report.csv");
            assertThat(report.toString()).contains(",panel-1,READY,", ",REJECTED,,SOURCE_MISSING,");
        }
    }
}
