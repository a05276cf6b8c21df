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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain in a real browser: sign in on the page, see the asset list (sidecar text shown as text, the poster
 * through its signed URL), press play, and hls.js plays the AES-128 ladder through the signed cookies, with the
 * quality table and the caption track of the SUBTITLES group, its cues on the player's timeline; another session
 * without a grant gets 403.
 * Screenshots land in target/screenshots/.
 */
@Pipeline
class BrowserPlaybackTest {
    @TempDir
    Path data;

    @Test
    void aSignedInViewerWatchesTheLectureAndNobodyElseCan() throws Exception {
        try (CaravanApp app = CaravanApp.start(data, Map.of())) {
            app.dropText("heart.json", "{\"title\": \"<script>alert(1)</script> Heart sounds\"}");
            app.dropText("heart.en.vtt", "WEBVTT\n\n00:00:02.500 --> 00:00:09.000\nThe first heart sound\n");
            app.drop(TestClips.variant(TestClips.landscape(13), "browser"), "heart.mp4");
            app.drop(TestClips.textAsMp4(), "broken.mp4");
            Asset ready = app.awaitOutcome("heart.mp4", Duration.ofSeconds(90));
            Asset failed = app.awaitOutcome("broken.mp4", Duration.ofSeconds(90));
            assertThat(ready.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(failed.getStatus()).isEqualTo(AssetStatus.FAILED);

            try (Browser viewer = new Browser()) {
                var driver = viewer.driver();
                var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(app.baseUrl() + "/");
                driver.findElement(By.id("token")).sendKeys(app.token());
                driver.findElement(By.id("signin")).click();
                WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr[data-id='" + ready.getId() + "']")));
                assertThat(row.findElement(By.className("title")).getText()).isEqualTo("<script>alert(1)</script> Heart sounds");
                assertThat(row.findElement(By.className("status")).getText()).isEqualTo("READY");
                WebElement failedRow = driver.findElement(By.cssSelector("tr[data-id='" + failed.getId() + "']"));
                assertThat(failedRow.findElement(By.className("reason")).getText()).contains("UNREADABLE_MEDIA");
                assertThat(failedRow.findElement(By.tagName("button")).getText()).isEqualTo("Retry");

                row.findElement(By.tagName("button")).click();
                JavascriptExecutor js = driver;
                wait.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 2.0
                        || js.executeScript("return window.caravan.fatalError") != null);
                assertThat(js.executeScript("return window.caravan.fatalError")).as("hls.js fatal error").isNull();
                assertThat(js.executeScript("return Hls.version")).as("the vendored hls.js (web/vendor/README.md)").isEqualTo("1.7.4");
                double t1 = ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue();
                Thread.sleep(1500);
                double t2 = ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue();
                assertThat(t2).as("playback advances").isGreaterThan(t1);
                assertThat(js.executeScript("return document.getElementById('player').videoHeight")).isIn(240L, 360L, 480L);

                // the poster in the list, the quality table, and the captions hls.js found in the SUBTITLES group
                assertThat(js.executeScript("const img = document.querySelector(\"tr[data-id='" + ready.getId()
                        + "'] img.poster\"); return img && img.complete ? img.naturalWidth : 0")).isEqualTo(320L);
                assertThat(driver.findElements(By.cssSelector("#quality tbody tr"))).hasSize(3);
                // its cost (costs.js): CPU by stage, what is stored and served, priced with the price table
                wait.until(d -> !d.findElements(By.cssSelector("#cost tr[data-cost='price']")).isEmpty());
                assertThat(driver.findElement(By.cssSelector("#cost tr[data-cost='cpu'] td")).getText()).contains("transcode");
                assertThat(driver.findElement(By.cssSelector("#cost tr[data-cost='price'] td")).getText()).contains("USD");
                wait.until(d -> driver.findElements(By.cssSelector("#captions option")).size() == 2);
                assertThat(driver.findElement(By.cssSelector("#captions option[value='0']")).getText()).isEqualTo("English (en)");
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("captions"))).selectByValue("0");
                String firstCue = "const tracks = Array.from(document.getElementById('player').textTracks)"
                        + ".filter(t => t.mode === 'showing' && t.cues && t.cues.length > 0);"
                        + "return tracks.length ? [tracks[0].cues[0].startTime, tracks[0].cues[0].text] : null";
                wait.until(d -> js.executeScript(firstCue) != null);
                java.util.List<?> cue = (java.util.List<?>) js.executeScript(firstCue);
                assertThat(((Number) cue.get(0)).doubleValue()).as("cue time on the player's timeline").isCloseTo(2.5,
                        org.assertj.core.api.Assertions.within(0.1));
                assertThat(cue.get(1)).isEqualTo("The first heart sound");
                viewer.screenshot(Path.of("target", "screenshots", "playback.png"));
            }

            try (Browser stranger = new Browser()) {
                var driver = stranger.driver();
                driver.get(app.baseUrl() + "/");
                String segment = app.baseUrl() + "/media/" + ready.getId() + "/480p/segment_00000.ts";
                Object status = driver.executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {credentials: 'include'}).then(r => done(r.status), e => done(String(e)));", segment);
                assertThat(status).isEqualTo(403L);
                Object master = driver.executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {credentials: 'include'}).then(r => done(r.status), e => done(String(e)));",
                        app.baseUrl() + "/media/" + ready.getId() + "/master.m3u8");
                assertThat(master).isEqualTo(403L);
                stranger.screenshot(Path.of("target", "screenshots", "no-grant.png"));
            }
            assertThat(Files.size(Path.of("target", "screenshots", "playback.png"))).isPositive();
        }
    }
}
