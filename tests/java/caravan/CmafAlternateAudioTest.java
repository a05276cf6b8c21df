package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.Outputs.AudioRendition;
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
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Alternate audio in CMAF ({@code caravan.packaging=cmaf}): an upload with an English (440 Hz) and a German (880 Hz,
 * the source's default) track becomes two audio renditions, each encoded once: two {@code EXT-X-MEDIA} renditions in
 * the HLS master and two audio adaptation sets in the MPD (with {@code lang}, {@code Label} and {@code Role}), each
 * decrypting with the licensed key to its own tone; dash.js in Chromium plays the MPD and lists both languages with
 * their roles and labels. Closing the app runs the HLS conformance checker over the asset.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class CmafAlternateAudioTest {
    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;
    Path published;

    @BeforeAll
    void publishTwoLanguages() throws Exception {
        Path ladder = data.resolve("ladder.json");
        Files.writeString(ladder, """
                {"video": {"preset": "ultrafast"}, "rungs": [{"name": "144p", "height": 144, "videoKbps": 120}]}""");
        app = CaravanApp.start(data.resolve("caravan"), Map.of("caravan.ladder.file", ladder.toString(), "caravan.packaging", "cmaf",
                "caravan.outputs.thumbnailSeconds", "0", "caravan.outputs.storyboardSeconds", "0", "caravan.quality.sampleEvery", "0"));
        app.drop(TestClips.twoLanguages(3), "lecture-en-de.mp4");
        asset = app.awaitOutcome("lecture-en-de.mp4", Duration.ofSeconds(120));
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
        published = app.data().resolve("media").resolve(asset.getId());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theHlsMasterOffersBothLanguagesAsRenditionsOfTheAudioGroup() throws Exception {
        String master = Files.readString(published.resolve("master.m3u8"));
        List<String> media = master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=AUDIO")).toList();

        assertThat(media).hasSize(2);
        assertThat(media.get(0)).contains("GROUP-ID=\"audio\"", "LANGUAGE=\"en\"", "NAME=\"English\"", "DEFAULT=NO", "URI=\"audio.m3u8\"");
        assertThat(media.get(1)).contains("GROUP-ID=\"audio\"", "LANGUAGE=\"de\"", "NAME=\"German\"", "DEFAULT=YES", "URI=\"audio2.m3u8\"");
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList()).singleElement()
                .satisfies(l -> assertThat(l).contains("AUDIO=\"audio\"", "AVERAGE-BANDWIDTH="));
        assertThat(asset.getOutputs().audio()).extracting(AudioRendition::playlist).containsExactly("audio.m3u8", "audio2.m3u8");
        for (AudioRendition a : asset.getOutputs().audio()) {
            assertThat(Files.readString(published.resolve(a.playlist()))).as(a.playlist())
                    .contains("#EXT-X-KEY:METHOD=SAMPLE-AES-CTR", "#EXT-X-MAP:URI=\"init-");
        }
    }

    @Test
    void theMpdHasOneProtectedAudioAdaptationSetPerLanguageWithLabelAndRole() throws Exception {
        String mpd = Files.readString(published.resolve("manifest.mpd"));
        Matcher sets = Pattern.compile("(?s)<AdaptationSet [^>]*contentType=\"audio\"[^>]*>.*?</AdaptationSet>").matcher(mpd);
        List<String> audio = new ArrayList<>();
        while (sets.find()) {
            audio.add(sets.group());
        }

        assertThat(audio).hasSize(2);
        assertThat(audio.get(0)).contains("lang=\"en\"", "<Label>English</Label>",
                "<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"alternate\" />", "cenc:default_KID=");
        assertThat(audio.get(1)).contains("lang=\"de\"", "<Label>German</Label>",
                "<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"main\" />", "cenc:default_KID=");
        assertThat(audio).allSatisfy(s -> assertThat(Pattern.compile("<Representation ").matcher(s).results().count()).isEqualTo(1));
    }

    @Test
    void eachRenditionDecryptsWithTheLicensedKeyToItsOwnTrack() throws Exception {
        String mpd = Files.readString(published.resolve("manifest.mpd"));
        String kid = CmafPipelineTest.kidOf(mpd);
        byte[] key = licensedKey(kid);
        Map<String, Double> hertz = Map.of("audio.m3u8", 440.0, "audio2.m3u8", 880.0);
        for (AudioRendition a : asset.getOutputs().audio()) {
            String media = Files.readString(published.resolve(a.playlist()));
            String init = media.lines().filter(l -> l.startsWith("#EXT-X-MAP")).findFirst().orElseThrow().replaceAll(".*URI=\"([^\"]+)\".*", "$1");
            byte[] initBytes = Files.readAllBytes(published.resolve(init));
            assertThat(initBytes).as(a.playlist() + ": the init segment's pssh names the KID").containsSequence(HexFormat.of().parseHex(kid));
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            joined.write(initBytes);
            for (String s : media.lines().filter(l -> l.endsWith(".m4s")).toList()) {
                joined.write(Files.readAllBytes(published.resolve(s)));
            }
            Path file = Files.createTempFile(data, "joined", ".mp4");
            Files.write(file, joined.toByteArray());

            JsonNode probe = probe(file, key);
            assertThat(probe.path("streams")).as(a.playlist()).hasSize(1);
            assertThat(probe.path("streams").get(0).path("codec_name").asText()).isEqualTo("aac");
            double[] decoded = pcm(file, key);
            assertThat(decoded[1]).as(a.playlist() + " seconds").isCloseTo(3.0, within(0.3));
            assertThat(decoded[0]).as(a.playlist() + " Hz").isCloseTo(hertz.get(a.playlist()), within(40.0));
        }
    }

    @Test
    void dashJsPlaysTheAssetAndOffersBothLanguagesWithTheirRoles() throws Exception {
        try (Browser viewer = new Browser()) {
            var driver = viewer.driver();
            JavascriptExecutor js = driver;
            var wait = new WebDriverWait(driver, Duration.ofSeconds(40));
            driver.get(app.baseUrl() + "/?player=dash");
            driver.findElement(By.id("token")).sendKeys(app.token());
            driver.findElement(By.id("signin")).click();
            wait.until(d -> d.findElement(By.cssSelector("tr[data-id='" + asset.getId() + "']"))).findElement(By.tagName("button")).click();
            wait.until(d -> ((Number) js.executeScript("return document.getElementById('player').currentTime")).doubleValue() > 1.5
                    || js.executeScript("return window.caravan.fatalError") != null);
            assertThat(js.executeScript("return window.caravan.fatalError")).as("dash.js fatal error").isNull();
            // a second dash.js player on the same manifest (the page's is private to it): the audio tracks it offers
            js.executeScript("window.__audio = null; const p = dashjs.MediaPlayer().create();"
                    + " p.setProtectionData({'org.w3.clearkey': {serverURL: '/keys/" + asset.getId() + "/clearkey', withCredentials: true}});"
                    + " p.on(dashjs.MediaPlayer.events.STREAM_INITIALIZED, () => { window.__audio = p.getTracksFor('audio').map(t =>"
                    + " t.lang + ':' + (t.roles || []).map(r => r.value || r).join('+') + ':' + (t.labels || []).map(l => l.text || l).join('+')); });"
                    + " p.initialize(document.createElement('video'), '" + asset.getMaster().replaceAll("master\\.m3u8$", "manifest.mpd") + "', false);");
            wait.until(d -> js.executeScript("return window.__audio") != null);
            assertThat((List<?>) js.executeScript("return window.__audio")).extracting(Object::toString)
                    .containsExactlyInAnyOrder("en:alternate:English", "de:main:German");
        }
    }

    @Test
    void aSoundOnlyUploadIsOneAudioVariantNamedAsItsRecordSays() throws Exception {
        app.drop(TestClips.audioOnly(), "talk.m4a");
        Asset talk = app.awaitOutcome("talk.m4a", Duration.ofSeconds(60));
        assertThat(talk.getStatus()).as("%s", talk.getError()).isEqualTo(AssetStatus.READY);
        String master = Files.readString(app.data().resolve("media").resolve(talk.getId()).resolve("master.m3u8"));

        assertThat(talk.getOutputs().audio()).extracting(AudioRendition::playlist).containsExactly("audio.m3u8");
        assertThat(master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()).containsExactly("audio.m3u8");
        assertThat(master).contains("CODECS=\"mp4a.40.2\"").doesNotContain("#EXT-X-MEDIA");
        assertThat(Files.readString(app.data().resolve("media").resolve(talk.getId()).resolve("manifest.mpd")))
                .contains("contentType=\"audio\"", "<Role schemeIdUri=\"urn:mpeg:dash:role:2011\" value=\"main\" />");
    }

    private byte[] licensedKey(String kid) throws Exception {
        assertThat(app.grant(asset.getId(), "{}").statusCode()).isEqualTo(200);
        HttpResponse<String> answer = app.viewerPost("/keys/" + asset.getId() + "/clearkey", "{\"kids\":[\""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(kid)) + "\"],\"type\":\"temporary\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return Base64.getUrlDecoder().decode(Json.MAPPER.readTree(answer.body()).path("keys").get(0).path("k").asText());
    }

    private static JsonNode probe(Path file, byte[] key) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffprobe());
        cmd.addAll(List.of("-v", "error", "-decryption_key", HexFormat.of().formatHex(key), "-print_format", "json",
                "-show_entries", "stream=codec_name,codec_type", "file:" + file));
        return Json.MAPPER.readTree(output(cmd));
    }

    /** The decoded tone's frequency (zero crossings) and the decoded seconds, at 8 kHz mono. */
    private static double[] pcm(Path file, byte[] key) throws Exception {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-decryption_key", HexFormat.of().formatHex(key),
                "-i", "file:" + file, "-map", "0:a:0", "-ac", "1", "-ar", "8000", "-f", "s16le", "-"));
        byte[] pcm = outputBytes(cmd);
        int samples = pcm.length / 2;
        int crossings = 0;
        short previous = 0;
        for (int i = 0; i < samples; i++) {
            short v = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
            if (i > 0 && (previous < 0) != (v < 0)) {
                crossings++;
            }
            previous = v;
        }
        double seconds = samples / 8000.0;
        return new double[]{crossings / 2.0 / seconds, seconds};
    }

    private static String output(List<String> cmd) throws Exception {
        return new String(outputBytes(cmd), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] outputBytes(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return out;
    }
}
