package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.testing.Browser;
import caravan.testing.CaravanApp;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CMAF packaging end to end ({@code caravan.packaging=cmaf}): one set of common-encrypted fMP4 segments under an HLS
 * master and a DASH manifest, H.264, HEVC and AV1 rungs with CODECS that match the streams, ClearKey licences from the
 * key server under the playback grant, and Chromium playing the asset through hls.js and through dash.js. The asset
 * is 7 s long, so every rendition has a second segment (where ffmpeg's own sample encryption boxes go wrong).
 * Closing the app runs the HLS conformance checker over it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class CmafPipelineTest {
    private static final String CLEARKEY_SYSTEM = "e2719d58-a985-b3c9-781a-b030af78d30e";

    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;

    @BeforeAll
    void start() throws Exception {
        Path ladderFile = data.resolve("cmaf-ladder.json");
        Files.writeString(ladderFile, """
                {"video": {"preset": "ultrafast"},
                 "rungs": [{"name": "360p", "height": 360, "videoKbps": 600},
                           {"name": "240p", "height": 240, "videoKbps": 300},
                           {"name": "240p-hevc", "height": 240, "videoKbps": 200, "codec": "hevc"},
                           {"name": "240p-av1", "height": 240, "videoKbps": 200, "codec": "av1"}]}""");
        app = CaravanApp.start(data, Map.of("caravan.ladder.file", ladderFile.toString(), "caravan.packaging", "cmaf",
                "caravan.outputs.thumbnailSeconds", "0", "caravan.outputs.storyboardSeconds", "0"));
        app.drop(TestClips.variant(TestClips.landscape(7), "cmaf"), "lecture.mp4");
        asset = app.awaitOutcome("lecture.mp4", Duration.ofSeconds(180));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    private Path published() {
        return data.resolve("media").resolve(asset.getId());
    }

    @Test
    void theAssetIsReadyWithInitSegmentsSegmentsAnMpdAndHlsPlaylistsOverTheSameFiles() throws Exception {
        assertThat(asset.getStatus()).as(String.valueOf(asset.getError())).isEqualTo(AssetStatus.READY);
        Path folder = published();
        String master = Files.readString(folder.resolve("master.m3u8"));
        assertThat(master).contains("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\"", "URI=\"audio.m3u8\"", "360p.m3u8", "240p.m3u8",
                "240p-hevc.m3u8", "240p-av1.m3u8", "AVERAGE-BANDWIDTH=");
        String mpd = Files.readString(folder.resolve("manifest.mpd"));
        assertThat(mpd).contains("urn:mpeg:dash:mp4protection:2011", "cenc:default_KID=", "urn:uuid:" + CLEARKEY_SYSTEM,
                "<dashif:Laurl>/keys/" + asset.getId() + "/clearkey</dashif:Laurl>");
        for (String rendition : List.of("360p", "240p", "240p-hevc", "240p-av1", "audio")) {
            String media = Files.readString(folder.resolve(rendition + ".m3u8"));
            Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(media);
            assertThat(map.find()).as(rendition + " has an init segment").isTrue();
            assertThat(folder.resolve(map.group(1))).isRegularFile();
            assertThat(media).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-KEY:METHOD=SAMPLE-AES-CTR,KEYFORMAT=\"org.w3.clearkey\"")
                    .doesNotContain("PROGRAM-DATE-TIME");
            List<String> segments = media.lines().filter(l -> l.endsWith(".m4s")).toList();
            assertThat(segments).as(rendition + ": 7 s in 6 s segments").hasSize(2);
            // the MPD's segment template names the very files the playlist lists
            for (String s : segments) {
                assertThat(folder.resolve(s)).isRegularFile();
            }
            assertThat(mpd).contains("initialization=\"init-$RepresentationID$.mp4\"", "media=\"seg-$RepresentationID$-$Number%05d$.m4s\"");
        }
    }

    @Test
    void theSegmentsAreEncryptedAndDecryptWithTheLicensedKeyOnly() throws Exception {
        Path folder = published();
        byte[] key = licensedKey();
        String kid = kidOf(Files.readString(folder.resolve("manifest.mpd")));
        for (String rendition : List.of("360p", "240p-hevc", "240p-av1", "audio")) {
            String media = Files.readString(folder.resolve(rendition + ".m3u8"));
            String init = media.lines().filter(l -> l.startsWith("#EXT-X-MAP")).findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
            List<String> segments = media.lines().filter(l -> l.endsWith(".m4s")).toList();
            for (String s : segments) { // each segment alone after its init segment, as a player fetches it
                Path joined = Files.createTempFile(data, "joined", ".mp4");
                Files.write(joined, concat(Files.readAllBytes(folder.resolve(init)), Files.readAllBytes(folder.resolve(s))));
                String withKey = decode(joined, HexFormat.of().formatHex(key));
                assertThat(withKey).as(rendition + " " + s + " decodes cleanly with the licensed key").isEqualTo("ok");
                if (rendition.equals("audio")) {
                    assertThat(decode(joined, null)).as(rendition + " " + s + " without the key").isNotEqualTo("ok");
                } else {
                    assertThat(frameHashes(joined, HexFormat.of().formatHex(key))).as(rendition + " " + s + ": without the key the pictures differ")
                            .isNotEqualTo(frameHashes(joined, null));
                }
            }
            assertThat(Files.readAllBytes(folder.resolve(init))).as("the init segment names the KID").containsSequence(HexFormat.of().parseHex(kid));
        }
    }

    @Test
    void hevcAndAv1RungsAreListedWithCodecsThatMatchTheirStreams() throws Exception {
        Path folder = published();
        byte[] key = licensedKey();
        Map<String, String> codecs = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(folder.resolve("master.m3u8"));
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("#EXT-X-STREAM-INF:")) {
                Matcher c = Pattern.compile("CODECS=\"([^\"]+)\"").matcher(lines.get(i));
                assertThat(c.find()).isTrue();
                codecs.put(lines.get(i + 1).strip(), c.group(1).split(",")[0]);
            }
        }
        assertThat(codecs).containsKeys("360p.m3u8", "240p.m3u8", "240p-hevc.m3u8", "240p-av1.m3u8");
        for (Map.Entry<String, String> e : codecs.entrySet()) {
            String media = Files.readString(folder.resolve(e.getKey()));
            String init = media.lines().filter(l -> l.startsWith("#EXT-X-MAP")).findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
            String first = media.lines().filter(l -> l.endsWith(".m4s")).findFirst().orElseThrow();
            Path joined = Files.createTempFile(data, "probe", ".mp4");
            Files.write(joined, concat(Files.readAllBytes(folder.resolve(init)), Files.readAllBytes(folder.resolve(first))));
            JsonNode stream = probe(joined, HexFormat.of().formatHex(key));
            String codec = stream.path("codec_name").asText();
            String profile = stream.path("profile").asText();
            int level = stream.path("level").asInt();
            String declared = e.getValue();
            switch (codec) {
                case "h264" -> assertThat(declared).matches(String.format("avc1\\.%s[0-9a-f]{2}%02x",
                        profile.endsWith("Baseline") ? "42" : profile.equals("Main") ? "4d" : "64", level));
                case "hevc" -> {
                    assertThat(stream.path("codec_tag_string").asText()).isEqualTo("hvc1");
                    assertThat(profile).isEqualTo("Main");
                    assertThat(declared).matches("hvc1\\.1\\.6\\.L" + level + "(\\.[0-9A-F]{2})*");
                }
                case "av1" -> {
                    assertThat(profile).isEqualTo("Main");
                    assertThat(declared).matches(String.format("av01\\.0\\.%02dM\\.08(\\.\\d\\.\\d{3}\\.\\d{2}\\.\\d{2}\\.\\d{2}\\.\\d)?", level));
                }
                default -> throw new AssertionError("unexpected codec " + codec + " in " + e.getKey());
            }
            assertThat(Files.readString(folder.resolve("manifest.mpd"))).contains("codecs=\"" + declared + "\"");
        }
        assertThat(codecs.get("240p-hevc.m3u8")).startsWith("hvc1.");
        assertThat(codecs.get("240p-av1.m3u8")).startsWith("av01.");
    }

    @Test
    void theClearKeyLicenceNeedsTheGrantAndAnswersTheAssetsKey() throws Exception {
        String kid = kidOf(Files.readString(published().resolve("manifest.mpd")));
        String request = "{\"kids\":[\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(kid))
                + "\"],\"type\":\"temporary\"}";
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(app.baseUrl() + "/keys/" + asset.getId() + "/clearkey")).POST(HttpRequest.BodyPublishers.ofString(request)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).doesNotContain("\"k\"");

        byte[] key = licensedKey();
        assertThat(key).hasSize(16);
        // a request for another key id gets no key; a malformed request is a 400 with a sentence
        assertThat(licence("{\"kids\":[\"AAAAAAAAAAAAAAAAAAAAAA\"],\"type\":\"temporary\"}").body()).contains("\"keys\":[]");
        HttpResponse<String> bad = licence("not json");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("BAD_LICENCE_REQUEST");
        String audit = app.get("/api/assets/" + asset.getId() + "/audit", app.token()).body();
        assertThat(audit).contains("licence");
    }

    @Test
    void chromiumPlaysTheEncryptedAssetThroughHlsJsAndThroughDashJs() throws Exception {
        for (String page : List.of("/", "/?player=dash")) {
            try (Browser viewer = new Browser()) {
                var driver = viewer.driver();
                JavascriptExecutor js = driver;
                var wait = new WebDriverWait(driver, Duration.ofSeconds(40));
                driver.get(app.baseUrl() + page);
                driver.findElement(By.id("token")).sendKeys(app.token());
                driver.findElement(By.id("signin")).click();
                WebElement row = wait.until(d -> d.findElement(By.cssSelector("tr[data-id='" + asset.getId() + "']")));
                row.findElement(By.tagName("button")).click();
                String where = page.contains("dash") ? "dash.js" : "hls.js";
                js.executeScript("window.__log = []; for (const k of ['log', 'warn', 'error']) { const f = console[k];"
                        + " console[k] = (...a) => { window.__log.push(k + ': ' + a.map(String).join(' ')); f.apply(console, a); }; }");
                try {
                    wait.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 1.5
                            || js.executeScript("return window.caravan.fatalError") != null);
                } catch (org.openqa.selenium.TimeoutException e) {
                    throw new AssertionError(where + " did not play: " + js.executeScript("const v = document.getElementById('player');"
                            + " return JSON.stringify({t: v.currentTime, ready: v.readyState, paused: v.paused, error: v.error && v.error.message,"
                            + " buffered: v.buffered.length ? [v.buffered.start(0), v.buffered.end(0)] : [], fatal: window.caravan.fatalError,"
                            + " text: document.getElementById('player-error').textContent, log: window.__log.slice(-15)})"), e);
                } finally {
                    viewer.screenshot(Path.of("target", "screenshots", "cmaf-" + (page.contains("dash") ? "dash" : "hls") + ".png"));
                }
                assertThat(js.executeScript("return window.caravan.fatalError")).as(where + " fatal error").isNull();
                assertThat(js.executeScript("return document.getElementById('player').error")).as(where + " media error").isNull();
                assertThat(((Number) js.executeScript("return document.getElementById('player').videoWidth")).intValue()).isPositive();
                if (page.contains("dash")) {
                    assertThat(js.executeScript("return dashjs.Version || (dashjs.MediaPlayer && dashjs.MediaPlayer().create().getVersion())"))
                            .hasToString("5.2.1");
                }
            }
        }
    }

    // --- how a player gets the key: a grant, then the licence with the grant's cookies

    private byte[] licensedKey() throws Exception {
        String kid = kidOf(Files.readString(published().resolve("manifest.mpd")));
        HttpResponse<String> answer = licence("{\"kids\":[\"" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(HexFormat.of().parseHex(kid)) + "\"],\"type\":\"temporary\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode keys = Json.MAPPER.readTree(answer.body()).path("keys");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).path("kty").asText()).isEqualTo("oct");
        assertThat(keys.get(0).path("kid").asText()).doesNotContain("=");
        return Base64.getUrlDecoder().decode(keys.get(0).path("k").asText());
    }

    private HttpResponse<String> licence(String body) throws Exception {
        assertThat(app.grant(asset.getId(), "{}").statusCode()).isEqualTo(200);
        return app.viewerPost("/keys/" + asset.getId() + "/clearkey", body);
    }

    static String kidOf(String mpd) {
        Matcher m = Pattern.compile("cenc:default_KID=\"([0-9a-f-]{36})\"").matcher(mpd);
        assertThat(m.find()).isTrue();
        return m.group(1).replace("-", "");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** "ok" when ffmpeg decodes the file with no error at all, else its first error line. */
    private static String decode(Path file, String keyHex) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-v", "error"));
        if (keyHex != null) {
            cmd.addAll(List.of("-decryption_key", keyHex));
        }
        cmd.addAll(List.of("-i", "file:" + file, "-f", "null", "-"));
        String err = run(cmd, true);
        return err.isBlank() ? "ok" : err.lines().findFirst().orElse("error");
    }

    private static String frameHashes(Path file, String keyHex) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-v", "quiet"));
        if (keyHex != null) {
            cmd.addAll(List.of("-decryption_key", keyHex));
        }
        cmd.addAll(List.of("-i", "file:" + file, "-map", "0:v", "-frames:v", "5", "-f", "framemd5", "-"));
        return run(cmd, false);
    }

    private static JsonNode probe(Path file, String keyHex) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffprobe());
        cmd.addAll(List.of("-v", "error", "-decryption_key", keyHex, "-print_format", "json", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,codec_tag_string,profile,level", "file:" + file));
        return Json.MAPPER.readTree(run(cmd, false)).path("streams").get(0);
    }

    private static String run(List<String> cmd, boolean stderr) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder(cmd);
        if (stderr) {
            b.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        } else {
            b.redirectError(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = b.start();
        String out = new String((stderr ? p.getErrorStream() : p.getInputStream()).readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
