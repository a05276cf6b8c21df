package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole chain in a real browser: sign in on the page, see the asset list (sidecar text shown as text, the poster
 * through its signed URL), press play, and hls.js plays the AES-128 ladder through the signed cookies, with the
 * quality table and the caption track of the SUBTITLES group, its cues on the player's timeline; another session
 * without a grant gets 403.
 * Screenshots land in target/screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.MethodName.class) // the lecture first: the chunked video encodes meanwhile
@Pipeline
class BrowserPlaybackTest {
    @TempDir
    static Path data;
    CaravanApp app;

    /**
     * One app for both tests. Videos of 15 s and more are split in chunks of one 6 s segment (the default ladder's
     * segment length), so the 13 s lecture is encoded in one pass as before and the 16 s one in three chunks.
     */
    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of("caravan.chunking.minSeconds", "15", "caravan.chunking.chunkSeconds", "6"));
        app.dropText("heart.json", "{\"title\": \"<script>alert(1)</script> Heart sounds\"}");
        app.dropText("heart.en.vtt", "WEBVTT\n\n00:00:02.500 --> 00:00:09.000\nThe first heart sound\n");
        app.drop(TestClips.variant(TestClips.landscape(13), "browser"), "heart.mp4");
        app.drop(TestClips.textAsMp4(), "broken.mp4");
        app.drop(TestClips.landscape(16), "long-lecture.mp4");
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void aSignedInViewerWatchesTheLectureAndNobodyElseCan() throws Exception {
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

    /**
     * Issue #15: hls.js plays a video encoded in chunks across its chunk boundaries (6 s and 12 s) as it plays one made
     * in a single pass: from 4.5 s to past 13 s no {@code waiting} event, no hls.js error (fatal or not), one buffered
     * range across both boundaries, the picture moving (frames presented all the way, none missing around a boundary)
     * and the audio rendition (chunked assets carry their audio once, as the AUDIO group) fetched and decoded.
     */
    @Test
    @SuppressWarnings("unchecked")
    void hlsJsPlaysAChunkedVideoAcrossItsChunkBoundariesWithoutAStall() throws Exception {
        Asset chunked = app.awaitOutcome("long-lecture.mp4", Duration.ofSeconds(120));
        assertThat(chunked.getStatus()).as("%s", chunked.getError()).isEqualTo(AssetStatus.READY);
        assertThat(chunked.getChunks()).as("encoded in chunks").isNotNull();
        assertThat(chunked.getChunks().total()).as("three video chunks (0-6 s, 6-12 s, 12 s-end) and the audio").isEqualTo(4);

        try (Browser viewer = new Browser()) {
            var driver = viewer.driver();
            JavascriptExecutor js = driver;
            var wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get(app.baseUrl() + "/");
            driver.findElement(By.id("token")).sendKeys(app.token());
            driver.findElement(By.id("signin")).click();
            WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr[data-id='" + chunked.getId() + "']")));
            js.executeScript(WATCH);
            row.findElement(By.tagName("button")).click();
            wait.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 0.2
                    || js.executeScript("return window.caravan.fatalError") != null);
            assertThat(js.executeScript("return window.caravan.fatalError")).as("hls.js fatal error").isNull();

            // sound on (the page starts muted, for autoplay), and a little before the first boundary; from there on,
            // the watch counts
            js.executeScript("const v = document.getElementById('player'); v.muted = false; v.volume = 1; v.currentTime = 4.5");
            wait.until(d -> Boolean.TRUE.equals(js.executeScript("const v = document.getElementById('player');"
                    + "return !v.seeking && !v.paused && v.currentTime > 4.6")));
            js.executeScript("window.chunkWatch.begin()");
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> ((Number) js.executeScript(
                    "return document.getElementById('player').currentTime")).doubleValue() > 13.2
                    || js.executeScript("return window.caravan.fatalError") != null);
            Map<String, Object> seen = (Map<String, Object>) js.executeScript("return window.chunkWatch.report()");
            viewer.screenshot(Path.of("target", "screenshots", "chunked-playback.png"));
            String what = "what the player saw: " + seen;

            assertThat(js.executeScript("return window.caravan.fatalError")).as("hls.js fatal error").isNull();
            assertThat((List<?>) seen.get("events")).as("waiting/stalled/seeking/pause/ended events, " + what).isEmpty();
            assertThat((List<?>) seen.get("errors")).as("hls.js errors (fatal or not), " + what).isEmpty();
            assertThat((List<?>) seen.get("buffered")).as("one buffered range across both boundaries, " + what)
                    .singleElement().satisfies(range -> {
                        assertThat(number(((List<?>) range).get(0))).isLessThan(4.5);
                        assertThat(number(((List<?>) range).get(1))).isGreaterThan(13.2);
                    });

            // the picture moves: frames presented up to and past each boundary, and from one frame callback to the
            // next the picture advanced by no more frames (25 a second) than were presented or dropped in between, give
            // or take two: a busy machine skips callbacks (presentedFrames counts on) or drops late frames, while frames
            // missing from the stream hold the picture (half a second lost at each boundary showed here as 13 frames
            // unaccounted for, with no event, no hls.js error and one buffered range); and the decoder's frame count
            // rising at the clip's 25 frames a second
            List<List<Double>> frames = ((List<List<?>>) seen.get("frames")).stream()
                    .map(f -> f.stream().map(BrowserPlaybackTest::number).toList()).toList();
            for (double boundary : new double[] {6, 12}) {
                assertThat(frames).as("frames presented just before %s s, %s", boundary, what)
                        .anyMatch(f -> f.get(0) >= boundary - 0.5 && f.get(0) < boundary);
                assertThat(frames).as("frames presented just after %s s, %s", boundary, what)
                        .anyMatch(f -> f.get(0) >= boundary && f.get(0) < boundary + 0.5);
            }
            for (int i = 1; i < frames.size(); i++) {
                List<Double> before = frames.get(i - 1);
                List<Double> now = frames.get(i);
                double advanced = now.get(0) - before.get(0);
                double shownOrDropped = now.get(1) - before.get(1) + now.get(2) - before.get(2);
                assertThat(advanced).as("presented frames in order, " + what).isPositive();
                assertThat(Math.round(advanced * 25) - shownOrDropped)
                        .as("frames the picture skipped from %s s to %s s without presenting or dropping them, %s",
                                before.get(0), now.get(0), what)
                        .isLessThanOrEqualTo(2);
            }
            List<Map<String, Object>> samples = samples(seen);
            Map<String, Object> first = samples.get(0);
            Map<String, Object> last = samples.get(samples.size() - 1);
            double played = number(last.get("time")) - number(first.get("time"));
            assertThat(number(last.get("decoded")) - number(first.get("decoded"))).as("frames decoded, " + what)
                    .isGreaterThanOrEqualTo(0.9 * 25 * played);

            // the sound plays: not muted, hls.js took the audio rendition, fetched its segments on both sides of
            // each boundary (6 s segments: 0, 1 and 2), and the decoder's audio byte count rose across each boundary
            // at about the default ladder's 128 kb/s (16 000 bytes a second; at least half of that is asserted)
            assertThat(seen.get("muted")).isEqualTo(false);
            assertThat(seen.get("audioTracks")).as("hls.js audio tracks").isEqualTo(1L);
            assertThat((List<Object>) seen.get("audioFragments")).as("audio segments fetched").contains(0L, 1L, 2L);
            assertThat(number(last.get("audioBytes")) - number(first.get("audioBytes"))).as("audio bytes decoded, " + what)
                    .isGreaterThanOrEqualTo(0.5 * 16_000 * played);
            for (double boundary : new double[] {6, 12}) {
                Map<String, Object> before = samples.stream().filter(m -> number(m.get("time")) < boundary - 0.2)
                        .reduce((a, b) -> b).orElseThrow();
                Map<String, Object> after = samples.stream().filter(m -> number(m.get("time")) > boundary + 0.2)
                        .findFirst().orElseThrow();
                assertThat(number(after.get("audioBytes"))).as("audio decoded across %s s, %s", boundary, what)
                        .isGreaterThan(number(before.get("audioBytes")));
                assertThat(number(after.get("decoded"))).as("video decoded across %s s, %s", boundary, what)
                        .isGreaterThan(number(before.get("decoded")));
            }
        }
    }

    private static double number(Object value) {
        return ((Number) value).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> samples(Map<String, Object> seen) {
        return (List<Map<String, Object>>) seen.get("samples");
    }

    /**
     * What the page's player does, recorded in the page: media events, every hls.js ERROR event, the frames presented
     * (requestVideoFrameCallback) and the decoder counters, from {@code begin()} on.
     */
    private static final String WATCH = """
            const video = document.getElementById('player');
            const w = window.chunkWatch = { hls: null, on: false, events: [], errors: [], frames: [], samples: [], audioFragments: [] };
            document.addEventListener('caravan:player', (e) => {
              const hls = w.hls = e.detail;
              hls.on(Hls.Events.ERROR, (ev, data) => { if (w.on) w.errors.push(data.details + (data.fatal ? ' (fatal)' : '')); });
              hls.on(Hls.Events.FRAG_LOADED, (ev, data) => { if (data.frag.type === 'audio') w.audioFragments.push(data.frag.sn); });
            });
            ['waiting', 'stalled', 'seeking', 'pause', 'ended', 'emptied'].forEach((name) =>
              video.addEventListener(name, () => { if (w.on) w.events.push(name + '@' + video.currentTime.toFixed(2)); }));
            const frame = (now, meta) => {
              if (w.on) w.frames.push([meta.mediaTime, meta.presentedFrames, video.getVideoPlaybackQuality().droppedVideoFrames]);
              video.requestVideoFrameCallback(frame);
            };
            video.requestVideoFrameCallback(frame);
            const sample = () => {
              const q = video.getVideoPlaybackQuality();
              w.samples.push({ time: video.currentTime, decoded: q.totalVideoFrames, dropped: q.droppedVideoFrames,
                audioBytes: video.webkitAudioDecodedByteCount, videoBytes: video.webkitVideoDecodedByteCount });
            };
            w.begin = () => { w.on = true; sample(); w.timer = setInterval(sample, 250); };
            w.report = () => {
              clearInterval(w.timer); sample(); w.on = false;
              const ranges = [];
              for (let i = 0; i < video.buffered.length; i++) ranges.push([video.buffered.start(i), video.buffered.end(i)]);
              return { events: w.events, errors: w.errors, frames: w.frames, samples: w.samples, buffered: ranges,
                muted: video.muted, volume: video.volume, audioTracks: w.hls ? w.hls.audioTracks.length : -1,
                audioFragments: w.audioFragments };
            };
            """;
}
