package caravan.ops;

import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.HawtioLauncherProcess;
import caravan.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hawtio as an operator gets it from {@code ./caravan hawtio}: the launcher in its own JVM with Caravan's Jolokia URL
 * and accounts file, its start page in headless Chromium, Hawtio asking for Caravan's account, then the Camel context
 * {@code caravan}, the pipeline's routes by id, and the diagram of {@code pipeline} (drawn from the route dump that
 * Caravan's Jolokia policy allows). Caravan runs as {@code ./caravan run} starts it: no Hawtio origin is configured,
 * since the browser only talks to Hawtio, whose proxy talks to Caravan. Screenshot: target/screenshots/hawtio.png.
 */
@Pipeline
class HawtioConsoleTest {
    private static final String ROUTES_FOLDER = "li[id$='-folder-caravan-folder-routes-folder']";
    private static final String NODE_TEXT = ".pf-v5-c-tree-view__node-text";

    @TempDir
    Path dir;

    @Test
    void hawtioOpensOnCaravanAndShowsThePipelineRoutesAndTheirDiagram() throws Exception {
        try (CaravanApp app = CaravanApp.start(dir.resolve("data"), Map.of())) {
            Path users = app.data().resolve("management-users.properties");
            String password = password(users);
            URI jolokia = URI.create("http://127.0.0.1:" + app.managementPort() + "/observe/jolokia");
            try (HawtioLauncherProcess hawtio = HawtioLauncherProcess.start(jolokia, users, Path.of("target", "hawtio-launcher.log"));
                 Browser browser = new Browser()) {
                assertThat(hawtio.output()).contains("Hawtio for Caravan: open " + hawtio.url(),
                        "Caravan's Jolokia answers at " + jolokia, "Sign in as 'caravan'").doesNotContain(password);
                assertLauncherHoldsNoKeysToAnythingElse(hawtio.url());

                try {
                    signInAndOpenTheDiagramOfPipeline(browser.driver(), hawtio.url(), password);
                } catch (RuntimeException | AssertionError e) {
                    browser.screenshot(Path.of("target", "screenshots", "hawtio-failed.png"));
                    throw e;
                }
                browser.screenshot(Path.of("target", "screenshots", "hawtio.png"));
            }
        }
        assertThat(Files.size(Path.of("target", "screenshots", "hawtio.png"))).isPositive();
    }

    private static void signInAndOpenTheDiagramOfPipeline(WebDriver driver, URI hawtio, String password) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get(hawtio.toString());
        // Hawtio opens on the "caravan" connection and asks for its account
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("connect-login-form-username"))).sendKeys("caravan");
        driver.findElement(By.id("connect-login-form-password")).sendKeys(password);
        driver.findElement(By.xpath("//form[@id='connect-login-form']/ancestor::*[@role='dialog']//button[normalize-space()='Log in']")).click();

        wait.until(ExpectedConditions.urlContains("/hawtio/camel"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("li[id$='-folder-CamelContexts-folder-caravan-folder'] " + NODE_TEXT), "caravan"));
        List<String> routes = wait.until(d -> {
            List<String> shown = texts(d, ROUTES_FOLDER + " > ul > li " + NODE_TEXT);
            return shown.contains("pipeline") ? shown : null;
        });
        assertThat(routes).contains("ingest-folder", "pipeline", "probe", "transcode-ffmpeg", "media-origin",
                "webhook-outbox", "asset-failed");

        driver.findElement(By.cssSelector(ROUTES_FOLDER + " li[id$='-routes-folder-pipeline-folder'] " + NODE_TEXT)).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.xpath("//*[self::a or self::button][normalize-space()='Route Diagram']"))).click();
        List<String> steps = wait.until(d -> {
            List<String> labels = texts(d, ".react-flow__node .camel-node-label");
            return labels.contains("To direct://probe") ? labels : null;
        });
        assertThat(steps).contains("Choice").anyMatch(s -> s.startsWith("From direct://pip"));
    }

    private static List<String> texts(WebDriver driver, String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getAttribute("textContent").trim()).toList();
    }

    /** The console has no login, so its own Jolokia is read-only and its proxy reaches Caravan's host only. */
    private static void assertLauncherHoldsNoKeysToAnythingElse(URI hawtio) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> gc = http.send(HttpRequest.newBuilder(hawtio.resolve("/hawtio/jolokia/"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc()\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(gc.body()).contains("\"status\":403");
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(hawtio.resolve("/hawtio/proxy/http/elsewhere.invalid/80/jolokia"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"version\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(403);
    }

    private static String password(Path users) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(users)) {
            p.load(in);
        }
        return p.getProperty("user.caravan").split(",")[0].trim();
    }
}
