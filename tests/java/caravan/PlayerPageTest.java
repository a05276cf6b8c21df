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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The player page in Chromium beyond plain playback: an audio-only upload shows its waveform poster rather than a
 * black box, a video with two languages offers a menu that switches hls.js's audio track, hovering the scrub bar shows the storyboard tile of the time under the pointer, and a failed asset shows
 * its error with a Retry button that puts it through the pipeline again.
 * Screenshots land in target/screenshots/.
 */
@Pipeline
class PlayerPageTest {
    @TempDir
    Path data;

    @Test
    void waveformPosterStoryboardOnHoverAndRetry() throws Exception {
        try (CaravanApp app = CaravanApp.start(data, Map.of())) {
            app.drop(TestClips.twoLanguages(13), "film.mp4"); // English and German, German the source's default
            app.drop(TestClips.variant(TestClips.audioOnly(), "page"), "podcast.m4a");
            app.drop(TestClips.textAsMp4(), "broken.mp4");
            Asset film = app.awaitOutcome("film.mp4", Duration.ofSeconds(120));
            Asset podcast = app.awaitOutcome("podcast.m4a", Duration.ofSeconds(90));
            Asset broken = app.awaitOutcome("broken.mp4", Duration.ofSeconds(90));
            assertThat(film.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(podcast.getStatus()).isEqualTo(AssetStatus.READY);
            assertThat(podcast.getOutputs().poster().from()).isEqualTo("waveform");
            assertThat(broken.getStatus()).isEqualTo(AssetStatus.FAILED);

            try (Browser viewer = new Browser()) {
                ChromeDriver driver = viewer.driver();
                JavascriptExecutor js = driver;
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(app.baseUrl() + "/");
                driver.findElement(By.id("token")).sendKeys(app.token());
                driver.findElement(By.id("signin")).click();

                // audio only: the waveform poster, loaded through the grant, in place of a black box
                WebElement podcastRow = wait.until(d -> d.findElement(By.cssSelector("tr[data-id='" + podcast.getId() + "']")));
                podcastRow.findElement(By.tagName("button")).click();
                wait.until(d -> !String.valueOf(js.executeScript("return document.getElementById('player').poster")).isEmpty());
                assertThat((String) js.executeScript("return document.getElementById('player').poster"))
                        .endsWith("/media/" + podcast.getId() + "/" + podcast.getOutputs().poster().large().path());
                assertThat(js.executeScript("return document.getElementById('player').classList.contains('audio-only')")).isEqualTo(true);
                Object posterWidth = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const img = new Image(); img.onload = () => done(img.naturalWidth); img.onerror = () => done(-1);"
                        + "img.src = document.getElementById('player').poster;");
                assertThat(posterWidth).as("the waveform poster loads under the grant").isEqualTo((long) podcast.getOutputs().poster().large().width());
                viewer.screenshot(Path.of("target", "screenshots", "audio-only-poster.png"));

                // storyboard: hovering the scrub bar shows the tile of the time under the pointer
                driver.findElement(By.cssSelector("tr[data-id='" + film.getId() + "'] button")).click();
                wait.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 0.5);
                assertThat(js.executeScript("return document.getElementById('player').classList.contains('audio-only')")).isEqualTo(false);

                // two languages: the menu offers both, German (the default) plays, choosing English fetches its rendition
                WebElement language = driver.findElement(By.id("audio-track"));
                wait.until(d -> language.isDisplayed());
                assertThat(new org.openqa.selenium.support.ui.Select(language).getOptions()).extracting(WebElement::getText)
                        .containsExactly("English", "German");
                assertThat(new org.openqa.selenium.support.ui.Select(language).getFirstSelectedOption().getText()).isEqualTo("German");
                wait.until(d -> String.valueOf(js.executeScript("return window.caravan.audio.lastFragment")).contains("/audio2/"));
                new org.openqa.selenium.support.ui.Select(language).selectByVisibleText("English");
                wait.until(d -> String.valueOf(js.executeScript("return window.caravan.audio.lastFragment")).contains("/audio/"));
                assertThat(js.executeScript("return window.caravan.audio.track")).isEqualTo(0L);
                WebElement scrub = driver.findElement(By.id("scrub"));
                int width = scrub.getSize().getWidth();
                new Actions(driver).moveToElement(scrub, -width / 2 + 5, 0).perform();
                WebElement preview = driver.findElement(By.id("storyboard-preview"));
                wait.until(d -> preview.isDisplayed());
                String early = preview.getCssValue("background-position");
                assertThat(preview.getCssValue("background-image")).contains("/media/" + film.getId() + "/storyboard/sprite_001.jpg");
                assertThat(Double.parseDouble(preview.getDomAttribute("data-time"))).isLessThan(2.0);
                new Actions(driver).moveToElement(scrub, width / 2 - 5, 0).perform();
                wait.until(d -> Double.parseDouble(preview.getDomAttribute("data-time")) > 11.0);
                assertThat(preview.getCssValue("background-position")).as("a later tile").isNotEqualTo(early);
                Object spriteStatus = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "const url = getComputedStyle(document.getElementById('storyboard-preview')).backgroundImage.slice(5, -2);"
                        + "fetch(url, {credentials: 'same-origin'}).then(r => done(r.status), e => done(String(e)));");
                assertThat(spriteStatus).as("the sprite sheet loads under the grant").isEqualTo(200L);
                viewer.screenshot(Path.of("target", "screenshots", "storyboard-hover.png"));
                new Actions(driver).moveToElement(driver.findElement(By.id("now-playing"))).perform();
                wait.until(d -> !preview.isDisplayed());

                // a failed asset: its error, and Retry puts it through the pipeline again
                WebElement failedRow = driver.findElement(By.cssSelector("tr[data-id='" + broken.getId() + "']"));
                assertThat(failedRow.findElement(By.className("reason")).getText())
                        .isEqualTo("UNREADABLE_MEDIA: " + broken.getError().message());
                failedRow.findElement(By.tagName("button")).click();
                wait.until(d -> {
                    try {
                        return app.get("/api/assets/" + broken.getId() + "/audit", app.token()).body().contains("\"action\":\"retry\"");
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(driver.findElement(By.id("player-error")).getText()).isEmpty();
            }
        }
    }
}
