package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.SourceFile;
import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page's library list in Chromium, over a store as a migration leaves it (generated assets in several outcomes)
 * plus one real upload: the upload's progress shows live and its title, markup in a sidecar, shows as text; the search
 * box finds a title and a file name; a status chip shows only that status, its count is what the pages hold, and
 * polling refreshes the page on show without losing the user's place; Next reaches the oldest asset, Previous comes
 * back, and the order toggle puts the oldest first.
 * Screenshots land in target/screenshots/.
 */
@Pipeline
class LibraryListPageTest {
    private static final int GENERATED = 150;
    private static final AssetStatus[] OUTCOMES = {AssetStatus.READY, AssetStatus.FAILED, AssetStatus.FAILED, AssetStatus.DUPLICATE};
    private static final String[] COURSES = {"Cardiology", "Neurology", "Pediatrics", "Oncology", "Radiology"};
    private static final String MARKUP_TITLE = "<img src=x onerror=\"window.injected=1\"> Heart sounds";
    private static final String ROWS = "return Array.from(document.querySelectorAll('#assets tbody tr'), tr => tr.dataset.id)";
    private static final String STATUSES = "return Array.from(document.querySelectorAll('#assets tbody td.status'), td => td.textContent)";

    @TempDir
    Path data;

    @Test
    void searchFilterPagesAndLiveProgressOverALibrary() throws Exception {
        try (CaravanApp app = CaravanApp.start(data, Map.of())) {
            Map<AssetStatus, Integer> seeded = new EnumMap<>(AssetStatus.class);
            Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 0; i < GENERATED; i++) {
                Instant at = t0.plusSeconds(60L * i);
                Asset a = Asset.received("gen" + i, new SourceFile("library/" + COURSES[i % 5].toLowerCase() + "/lecture-" + i + ".mp4", 1000, null),
                        at.minusSeconds(1), at);
                a.setStatus(OUTCOMES[i % OUTCOMES.length]);
                a.getMetadata().put("title", COURSES[i % 5] + " lecture " + i);
                app.store().create(a);
                seeded.merge(a.getStatus(), 1, Integer::sum);
            }

            try (Browser viewer = new Browser()) {
                ChromeDriver driver = viewer.driver();
                WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
                driver.get(app.baseUrl() + "/");
                driver.findElement(By.id("token")).sendKeys(app.token());
                driver.findElement(By.id("signin")).click();
                wait.until(d -> rows(driver).size() == 50);
                assertThat(rows(driver)).as("newest first, one page").startsWith("gen149", "gen148");
                assertThat(driver.findElement(By.id("page-info")).getText()).isEqualTo("1–50 of " + GENERATED);

                // a real upload while the page is open: it appears on top and its progress moves live to READY
                driver.executeScript("window.seen = []; new MutationObserver(() => document.querySelectorAll('#assets tbody tr')"
                        + ".forEach(tr => window.seen.push(tr.dataset.id + ' ' + tr.querySelector('td.status').textContent)))"
                        + ".observe(document.querySelector('#assets tbody'), {childList: true, subtree: true, characterData: true});");
                app.dropText("heart.json", "{\"title\": " + caravan.asset.Json.MAPPER.writeValueAsString(MARKUP_TITLE) + "}");
                app.drop(TestClips.variant(TestClips.landscape(6), "list"), "heart.mp4");
                Asset upload = app.awaitOutcome("heart.mp4", Duration.ofSeconds(120));
                assertThat(upload.getStatus()).isEqualTo(AssetStatus.READY);
                String uploadRow = "tr[data-id='" + upload.getId() + "']";
                wait.until(d -> "READY".equals(text(driver, uploadRow + " td.status")));
                assertThat(rows(driver).get(0)).isEqualTo(upload.getId());
                @SuppressWarnings("unchecked")
                List<String> seen = (List<String>) driver.executeScript("return window.seen");
                assertThat(seen).as("the row showed the upload on its way, then READY")
                        .anyMatch(s -> s.startsWith(upload.getId() + " ") && !s.endsWith(" READY"))
                        .contains(upload.getId() + " READY");
                assertThat(driver.findElement(By.cssSelector(uploadRow + " button")).getText()).isEqualTo("Play");

                // markup in a title is text: no element made of it, no handler run
                assertThat(text(driver, uploadRow + " td.title")).isEqualTo(MARKUP_TITLE);
                assertThat(driver.findElements(By.cssSelector("#assets img:not(.poster)"))).isEmpty();
                assertThat(driver.executeScript("return window.injected === undefined")).isEqualTo(true);
                viewer.screenshot(Path.of("target", "screenshots", "library-list.png"));

                // the search box finds a title, and a file name
                driver.findElement(By.id("search")).sendKeys("neurology LECTURE 101");
                wait.until(d -> rows(driver).equals(List.of("gen101")));
                assertThat(text(driver, "tr[data-id='gen101'] td.title")).isEqualTo("Neurology lecture 101");
                driver.findElement(By.id("search")).clear();
                driver.findElement(By.id("search")).sendKeys("lecture-77.mp4", Keys.ENTER);
                wait.until(d -> rows(driver).equals(List.of("gen77")));
                driver.findElement(By.id("search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), "dermatology");
                wait.until(d -> rows(driver).isEmpty());
                assertThat(driver.findElement(By.id("no-match")).isDisplayed()).isTrue();
                driver.findElement(By.id("search")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
                wait.until(d -> rows(driver).size() == 50);
                assertThat(driver.findElement(By.id("no-match")).isDisplayed()).isFalse();

                // the status filter: only FAILED, as many over its pages as its chip counts
                int failed = seeded.get(AssetStatus.FAILED);
                assertThat(chipCount(driver, "FAILED")).isEqualTo(failed);
                assertThat(chipCount(driver, "READY")).isEqualTo(seeded.get(AssetStatus.READY) + 1);
                assertThat(chipCount(driver, "")).isEqualTo(GENERATED + 1);
                driver.findElement(By.cssSelector("button.chip[data-status='FAILED']")).click();
                wait.until(d -> ("1–50 of " + failed).equals(text(driver, "#page-info")));
                List<String> failedIds = new ArrayList<>(rows(driver));
                assertThat(statuses(driver)).hasSize(50).containsOnly("FAILED");
                assertThat(driver.findElement(By.cssSelector("button.chip[data-status='FAILED']")).getDomAttribute("aria-pressed")).isEqualTo("true");
                driver.findElement(By.id("next-page")).click();
                wait.until(d -> ("51–" + failed + " of " + failed).equals(text(driver, "#page-info")));
                List<String> secondPage = rows(driver);
                assertThat(statuses(driver)).containsOnly("FAILED");
                failedIds.addAll(secondPage);
                assertThat(failedIds).hasSize(failed).doesNotHaveDuplicates();
                assertThat(driver.findElement(By.id("next-page")).isEnabled()).as("the last page").isFalse();

                // polling refreshes this page, for this filter: a change shows up and the place is kept
                String changed = secondPage.get(3);
                app.store().update(changed, a -> a.getMetadata().put("title", "Renamed while on show"));
                wait.until(d -> "Renamed while on show".equals(text(driver, "tr[data-id='" + changed + "'] td.title")));
                assertThat(rows(driver)).isEqualTo(secondPage);
                assertThat(text(driver, "#page-info")).isEqualTo("51–" + failed + " of " + failed);

                // back to every status: Next reaches the oldest asset, Previous comes back
                driver.findElement(By.cssSelector("button.chip[data-status='']")).click();
                wait.until(d -> ("1–50 of " + (GENERATED + 1)).equals(text(driver, "#page-info")));
                assertThat(driver.findElement(By.id("previous-page")).isEnabled()).isFalse();
                List<String> everything = new ArrayList<>(rows(driver));
                List<String> before = List.of();
                for (int page = 2; driver.findElement(By.id("next-page")).isEnabled(); page++) {
                    before = rows(driver);
                    driver.findElement(By.id("next-page")).click();
                    String first = String.valueOf((page - 1) * 50 + 1);
                    wait.until(d -> text(driver, "#page-info").startsWith(first + "–"));
                    everything.addAll(rows(driver));
                }
                assertThat(everything).hasSize(GENERATED + 1).doesNotHaveDuplicates().endsWith("gen1", "gen0");
                viewer.screenshot(Path.of("target", "screenshots", "library-last-page.png"));
                driver.findElement(By.id("previous-page")).click();
                List<String> previous = before;
                wait.until(d -> rows(driver).equals(previous));

                // oldest first starts again from the first page, at the oldest asset
                new Select(driver.findElement(By.id("order"))).selectByValue("oldest");
                wait.until(d -> text(driver, "#page-info").startsWith("1–50") && rows(driver).get(0).equals("gen0"));
                assertThat(rows(driver)).startsWith("gen0", "gen1", "gen2");
                assertThat(driver.findElement(By.id("list-error")).getText()).isEmpty();
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> rows(ChromeDriver driver) {
        return (List<String>) driver.executeScript(ROWS);
    }

    @SuppressWarnings("unchecked")
    private static List<String> statuses(ChromeDriver driver) {
        return (List<String>) driver.executeScript(STATUSES);
    }

    private static String text(ChromeDriver driver, String css) {
        Object text = driver.executeScript("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", css);
        return text == null ? null : (String) text;
    }

    private static int chipCount(ChromeDriver driver, String status) {
        return Integer.parseInt(text(driver, "button.chip[data-status='" + status + "'] .count").replaceAll("\\D", ""));
    }
}
