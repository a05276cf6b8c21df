package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's upload form in Chromium: the network goes offline half-way through the upload and comes back; the
 * upload resumes from what the server holds, its progress bar completes, and the page shows the new asset READY with
 * the title and external id given in the form.
 */
@Pipeline
class UploadPageTest {
    @TempDir
    Path data;

    @Test
    void anUploadSurvivesADroppedConnectionAndShowsTheNewAsset() throws Exception {
        Path clip = TestClips.variant(TestClips.landscape(2), "browser-upload");
        long size = Files.size(clip);
        try (CaravanApp app = CaravanApp.start(data, Map.of()); Browser browser = new Browser()) {
            ChromeDriver driver = browser.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
            driver.get(app.baseUrl() + "/");
            driver.findElement(By.id("token")).sendKeys(app.token());
            driver.findElement(By.id("signin")).click();
            wait.until(d -> d.findElement(By.id("upload-form")).isDisplayed());
            // small chunks on a slow link, so the connection drops with part of the file on the server
            driver.executeScript("document.getElementById('upload-form').dataset.chunkBytes = String(32 * 1024);");
            driver.executeCdpCommand("Network.enable", Map.of());
            network(driver, false, Math.max(64_000, size / 6));

            driver.findElement(By.id("upload-file")).sendKeys(clip.toString());
            driver.findElement(By.id("upload-title")).sendKeys("Recorded in the browser");
            driver.findElement(By.id("upload-external-id")).sendKeys("page-upload-1");
            driver.findElement(By.id("upload-start")).click();

            wait.until(d -> progress(driver) > 0.2);
            network(driver, true, -1);
            wait.until(d -> d.findElement(By.id("upload-status")).getText().contains("Connection lost"));
            double atTheCut = progress(driver);
            assertThat(atTheCut).isLessThan(1.0);
            network(driver, false, -1);

            wait.until(d -> progress(driver) >= 1.0);
            new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> "READY".equals(
                    d.findElement(By.id("upload-status")).getAttribute("data-asset-status")));
            String assetId = driver.findElement(By.id("upload-status")).getAttribute("data-asset-id");
            assertThat(driver.findElement(By.id("upload-error")).getText()).isEmpty();
            browser.screenshot(Path.of("target", "screenshots", "upload-page.png"));

            Asset asset = app.store().find(assetId).orElseThrow();
            assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(asset.getExternalId()).isEqualTo("page-upload-1");
            assertThat(asset.getMetadata()).containsEntry("title", "Recorded in the browser");
            assertThat(asset.getSource().size()).isEqualTo(size);
        }
    }

    private static double progress(ChromeDriver driver) {
        Object value = driver.executeScript("const p = document.getElementById('upload-progress'); return p.value / p.max;");
        return ((Number) value).doubleValue();
    }

    private static void network(ChromeDriver driver, boolean offline, long uploadBytesPerSecond) {
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", offline, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", uploadBytesPerSecond));
    }
}
