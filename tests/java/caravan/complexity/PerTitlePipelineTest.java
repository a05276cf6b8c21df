package caravan.complexity;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.LadderChoice;
import caravan.asset.Rendition;
import caravan.quality.IndependentSsim;
import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.transcode.Ladder;
import caravan.transcode.LadderPlanner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-title ladders end to end (issue 17's Done-when): through Caravan in per-title mode, a slide deck (text changing
 * every two seconds on a flat background) gets a cheaper ladder than a noisy moving picture, and every published rung
 * of both reaches the SSIM its choice promised, measured apart from the pipeline (decrypt, decode, compare with the
 * source at the rung's size); the choice is on the record, in the API and on the page, and the published ladder is the
 * chosen one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class PerTitlePipelineTest {
    private static final Duration WAIT = Duration.ofMinutes(4);
    /** How far an independent measure of the whole published rung may fall below what the analysis promised. */
    private static final double MEASURE_MARGIN = 0.003;

    @TempDir
    static Path data;
    CaravanApp app;
    Ladder ladder;

    @BeforeAll
    void start() throws Exception {
        Path ladderFile = data.resolve("test-ladder.json");
        Files.writeString(ladderFile, """
                {"video": {"preset": "veryfast"}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "360p", "height": 360, "videoKbps": 900},
                           {"name": "240p", "height": 240, "videoKbps": 450}]}""");
        ladder = Ladder.load(ladderFile);
        app = CaravanApp.start(data, Map.of("caravan.ladder.file", ladderFile.toString(),
                "caravan.ladder.mode", "per-title", "caravan.ladder.ssimTarget", "0.99",
                "caravan.ladder.analysisShare", "1", "caravan.quality.sampleEvery", "0",
                "caravan.outputs.thumbnailSeconds", "0", "caravan.outputs.storyboardSeconds", "0"));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void slidesGetACheaperLadderThanNoiseAndBothMeetTheirSsimTargets() throws Exception {
        Path slides = slides();
        Path noise = TestClips.make("per-title-noise.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=5",
                "-vf", "noise=alls=25:allf=t+u", "-c:v", "libx264", "-preset", "ultrafast", "-qp", "8", "-pix_fmt", "yuv420p"));
        app.drop(slides, "slides.mp4");
        app.drop(noise, "noise.mp4");
        Asset lecture = ready("slides.mp4");
        Asset sport = ready("noise.mp4");

        LadderChoice cheap = lecture.getLadderChoice();
        LadderChoice dear = sport.getLadderChoice();
        assertThat(cheap).as("the slides' choice").isNotNull();
        assertThat(dear).as("the noise's choice").isNotNull();
        assertThat(cheap.complexity()).as("measured complexity").isLessThan(dear.complexity());
        assertThat(chosenTotal(cheap)).as("slides' chosen kb/s").isLessThan(chosenTotal(dear) / 2);
        assertThat(publishedVideoBytes(lecture)).as("slides' published bytes").isLessThan(publishedVideoBytes(sport) / 2);
        assertThat(cheap.estimatedBytesSaved()).isPositive();
        for (LadderChoice.Rung r : dear.rungs()) {
            assertThat(r.chosenKbps()).as("noise rung %s never above the ladder", r.name()).isLessThanOrEqualTo(r.configuredKbps())
                    .isGreaterThan(r.configuredKbps() / 2);
        }
        for (LadderChoice.Rung r : cheap.rungs()) {
            assertThat(r.ssimNeeded()).as("slides rung %s: the 0.99 target rules", r.name()).isEqualTo(0.99);
        }

        meetsItsTargets(slides, lecture);
        meetsItsTargets(noise, sport);

        JsonNode api = Json.MAPPER.readTree(app.get("/api/assets/" + lecture.getId(), app.token()).body());
        assertThat(api.path("ladderChoice").path("mode").asText()).isEqualTo("per-title");
        assertThat(api.path("ladderChoice").path("rungs").get(0).path("chosenKbps").asInt()).isEqualTo(cheap.rungs().get(0).chosenKbps());

        // the page: one line under the quality table of the asset being played
        try (Browser viewer = new Browser()) {
            ChromeDriver driver = viewer.driver();
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(app.baseUrl() + "/");
            driver.findElement(By.id("token")).sendKeys(app.token());
            driver.findElement(By.id("signin")).click();
            wait.until(d -> d.findElement(By.cssSelector("tr[data-id='" + lecture.getId() + "'] button"))).click();
            WebElement line = wait.until(d -> {
                WebElement p = d.findElement(By.id("ladder-choice"));
                return p.isDisplayed() ? p : null;
            });
            LadderChoice.Rung top = cheap.rungs().get(0);
            assertThat(line.getText()).startsWith("Per-title ladder: ")
                    .contains(top.name() + " " + top.chosenKbps() + " of " + top.configuredKbps() + " kb/s")
                    .contains("saved against the configured ladder");
            for (String dropped : cheap.dropped()) {
                assertThat(line.getText()).contains(dropped + " left out");
            }
        }
    }

    /** The published rungs are the chosen ones, each at or above its promised SSIM, measured independently. */
    private void meetsItsTargets(Path source, Asset asset) throws Exception {
        LadderChoice choice = asset.getLadderChoice();
        List<String> kept = choice.rungs().stream().map(LadderChoice.Rung::name).filter(n -> !choice.dropped().contains(n)).toList();
        assertThat(asset.getRenditions()).extracting(Rendition::name).containsExactlyElementsOf(kept);
        byte[] key = app.contentKey(asset.getId());
        Path published = data.resolve("media").resolve(asset.getId());
        double frameRate = LadderPlanner.plan(asset.getProbe(), ladder).frameRate();
        for (Rendition r : asset.getRenditions()) {
            LadderChoice.Rung chosen = choice.rungs().stream().filter(c -> c.name().equals(r.name())).findFirst().orElseThrow();
            double ssim = IndependentSsim.of(source, published.resolve(r.playlist()), key, frameRate, r.width(), r.height());
            assertThat(ssim).as("%s %s at %d kb/s: independent SSIM against the %.4f needed", asset.getSource().name(), r.name(),
                    chosen.chosenKbps(), chosen.ssimNeeded()).isGreaterThanOrEqualTo(chosen.ssimNeeded() - MEASURE_MARGIN);
        }
    }

    private Asset ready(String name) throws InterruptedException {
        Asset asset = app.awaitOutcome(name, WAIT);
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
        return asset;
    }

    private static int chosenTotal(LadderChoice choice) {
        return choice.rungs().stream().filter(r -> !choice.dropped().contains(r.name())).mapToInt(LadderChoice.Rung::chosenKbps).sum();
    }

    private long publishedVideoBytes(Asset asset) throws IOException {
        try (Stream<Path> files = Files.walk(data.resolve("media").resolve(asset.getId()))) {
            return files.filter(f -> f.toString().endsWith(".ts")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /**
     * A slide deck: dark text (bars of "text" where the machine has no DejaVu font) and a growing chart bar on an
     * off-white page, changing every two seconds.
     */
    static Path slides() {
        String fontFile = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
        String font = "fontfile=" + fontFile + ":";
        String text = Files.isRegularFile(Path.of(fontFile))
                ? "drawtext=" + font + "text='Slide %{eif\\:trunc(t/2)+1\\:d}':x=40:y=30:fontsize=32:fontcolor=0x202060,"
                + "drawtext=" + font + "text='Dose %{eif\\:trunc(t/2)*7+3\\:d} mg/kg, renal clearance':x=50:y=110:fontsize=20:fontcolor=black,"
                : "drawbox=x=40:y=30:w=200+40*trunc(t/2):h=28:color=0x202060:t=fill,drawbox=x=50:y=110:w=420-30*trunc(t/2):h=16:color=black:t=fill,";
        return TestClips.make("per-title-slides.mp4", List.of("-f", "lavfi", "-i", "color=c=0xf4f4f0:size=640x360:rate=25:duration=5",
                "-vf", text + "drawbox=x=50:y=200:w=100+120*trunc(t/2):h=60:color=0x3070c0:t=fill",
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "4", "-pix_fmt", "yuv420p"));
    }
}
