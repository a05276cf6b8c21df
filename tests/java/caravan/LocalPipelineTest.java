package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.Rendition;
import caravan.testing.LogSnapshot;
import caravan.testing.CaravanApp;
import caravan.testing.MediaInspector;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded pipeline end to end, through the real Camel context, real ffmpeg and a real webhook receiver:
 * files are dropped into the inbox as a user would, and the published HLS is read back with ffprobe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class LocalPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path data;
    WebhookReceiver hooks;
    CaravanApp app;
    final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs = new ch.qos.logback.core.read.ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("caravan")).setLevel(ch.qos.logback.classic.Level.DEBUG);
        logs.start();
        root.addAppender(logs);
        hooks = new WebhookReceiver();
        app = CaravanApp.start(data, Map.of("caravan.webhook.urls", hooks.url()));
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        hooks.close();
    }

    @Test
    void landscapeLectureWithSidecarBecomesAnAlignedLadderAndIsAnnounced() throws Exception {
        String name = "cardiology/week 1/intro.mp4";
        Path clip = TestClips.landscape(13);
        app.dropText("cardiology/week 1/intro.json", """
                {"title": "Intro to the heart", "tags": ["cardio", "anatomy"], "course": "MED-101",
                 "room": "B12", "sensitive": {"patientName": "Jane Roe", "mrn": "MRN-778899"}}""");
        app.drop(clip, name);

        Asset asset = app.awaitOutcome(name, WAIT);

        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(asset.getProgress()).isEqualTo(100);
        assertThat(asset.getRenditions()).extracting(Rendition::name).containsExactly("480p", "360p", "240p");
        assertThat(asset.getSource().sha256()).isEqualTo(sha256(clip));
        assertThat(asset.getSource().size()).isEqualTo(Files.size(clip));
        assertThat(asset.getProbe().video().width()).isEqualTo(854);
        assertThat(asset.getProbe().durationSeconds()).isBetween(12.5, 13.5);
        assertThat(asset.getTimeToReadyMs()).isPositive();
        assertThat(asset.getMetadata()).containsEntry("title", "Intro to the heart").containsEntry("room", "B12")
                .doesNotContainKey("sensitive");
        assertThat(asset.getSealed()).isNotNull();

        Path published = data.resolve("media").resolve(asset.getId());
        assertThat(asset.getMaster()).isEqualTo("media/" + asset.getId() + "/master.m3u8");
        List<List<String>> segmentDurations = new java.util.ArrayList<>();
        for (Rendition r : asset.getRenditions()) {
            Path playlist = published.resolve(r.playlist());
            String text = Files.readString(playlist);
            assertThat(text).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-INDEPENDENT-SEGMENTS", "#EXT-X-ENDLIST");
            assertThat(targetDuration(text)).isLessThanOrEqualTo(6);
            segmentDurations.add(text.lines().filter(l -> l.startsWith("#EXTINF")).toList());
            assertThat(text).contains("#EXT-X-KEY:METHOD=AES-128,URI=\"/keys/" + asset.getId() + "\"");
            JsonNode probe = MediaInspector.probeEncrypted(playlist, app.contentKey(asset.getId()));
            JsonNode video = MediaInspector.firstStream(probe, "video");
            assertThat(video.path("codec_name").asText()).isEqualTo("h264");
            assertThat(video.path("pix_fmt").asText()).isEqualTo("yuv420p");
            assertThat(video.path("width").asInt()).isEqualTo(r.width()).isLessThanOrEqualTo(854);
            assertThat(video.path("height").asInt()).isEqualTo(r.height()).isLessThanOrEqualTo(480);
            assertThat(r.width() % 2).isZero();
            assertThat(MediaInspector.firstStream(probe, "audio")).as("the rungs carry no sound").isNull();
        }
        assertThat(asset.getOutputs().audio()).as("the sound: one rendition, encoded once").singleElement().satisfies(a -> {
            assertThat(a.isDefault()).isTrue();
            assertThat(Files.readString(published.resolve("master.m3u8"))).contains("URI=\"" + a.playlist() + "\"");
            JsonNode audio = MediaInspector.firstStream(MediaInspector.probeEncrypted(published.resolve(a.playlist()),
                    app.contentKey(asset.getId())), "audio");
            assertThat(audio.path("codec_name").asText()).isEqualTo("aac");
            assertThat(audio.path("sample_rate").asInt()).isEqualTo(48000);
            assertThat(audio.path("channels").asInt()).isEqualTo(2);
        });
        assertThat(segmentDurations.get(0)).hasSize(3);
        assertThat(segmentDurations).allSatisfy(d -> assertThat(d).isEqualTo(segmentDurations.get(0)));

        assertThat(data.resolve("archive").resolve(asset.getId()).resolve("intro.mp4")).exists();
        assertThat(data.resolve("work").resolve(asset.getId())).doesNotExist();
        assertThat(app.inbox().resolve(name)).doesNotExist();
        String keptSidecar = Files.readString(data.resolve("archive").resolve(asset.getId()).resolve("sidecar.json"));
        assertThat(keptSidecar).contains("Intro to the heart").doesNotContain("Jane Roe", "MRN-778899");

        WebhookReceiver.Received received = awaitHook(asset.getId(), "asset.received");
        WebhookReceiver.Received ready = awaitHook(asset.getId(), "asset.ready");
        Webhook verifier = new Webhook(app.webhookSecret()); // a Standard Webhooks whsec_ secret, as receivers paste it
        for (WebhookReceiver.Received r : List.of(received, ready)) {
            verifier.verify(r.body(), r.headers().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().toLowerCase(), Map.Entry::getValue)));
            assertThat(r.body()).doesNotContain("Jane Roe", "MRN-778899");
        }
        assertThat(received.header("webhook-id")).isNotEqualTo(ready.header("webhook-id"));
        assertThat(ready.json().path("data").path("renditions")).hasSize(3);
        assertThat(ready.json().path("data").path("metadata").path("title").asText()).isEqualTo("Intro to the heart");

        HttpResponse<String> api = app.get("/api/assets/" + asset.getId(), app.token());
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body()).doesNotContain("Jane Roe", "MRN-778899", "sealed", "wrappedKey");
        JsonNode view = Json.MAPPER.readTree(api.body());
        assertThat(view.path("status").asText()).isEqualTo("READY");
        assertThat(view.path("source").path("name").asText()).isEqualTo(name);
        assertThat(view.path("timeToReadyMs").asLong()).isPositive();
        assertThat(Files.readAllBytes(data.resolve("caravan.db"))).asString(StandardCharsets.ISO_8859_1)
                .doesNotContain("Jane Roe", "MRN-778899");
        List<String> lines = LogSnapshot.of(logs).stream().map(e -> e.getFormattedMessage() + " " + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage())).toList();
        String token = app.token();
        assertThat(lines).as("log lines").isNotEmpty().noneMatch(l -> l.contains("Jane Roe") || l.contains("MRN-778899") || l.contains(token));
        assertThat(lines).anyMatch(l -> l.contains(asset.getId()) && l.contains("READY"));
    }

    @Test
    void portraitByRotationGetsPortraitRungs() throws Exception {
        Asset asset = readyAfterDropping(TestClips.portraitByRotation(), "phone-recording.mp4");
        assertThat(asset.getProbe().video().width()).isEqualTo(360);
        assertThat(asset.getProbe().video().height()).isEqualTo(640);
        assertThat(asset.getRenditions()).extracting(Rendition::name).containsExactly("360p", "240p");
        for (Rendition r : asset.getRenditions()) {
            assertThat(r.height()).isGreaterThan(r.width());
            JsonNode video = publishedStream(asset, r, "video");
            assertThat(video.path("width").asInt()).isEqualTo(r.width());
            assertThat(video.path("height").asInt()).isEqualTo(r.height());
        }
        assertThat(asset.getRenditions().get(0).width()).isEqualTo(360);
        assertThat(asset.getRenditions().get(0).height()).isEqualTo(640);
    }

    @Test
    void videoWithoutAudioGivesVideoOnlyRungs() throws Exception {
        Asset asset = readyAfterDropping(TestClips.variant(TestClips.noAudio(), "silent"), "silent.mp4");
        assertThat(asset.getRenditions()).isNotEmpty();
        for (Rendition r : asset.getRenditions()) {
            assertThat(publishedStream(asset, r, "audio")).isNull();
            assertThat(publishedStream(asset, r, "video")).isNotNull();
        }
    }

    @Test
    void audioOnlyUploadGivesAudioOnlyHls() throws Exception {
        Asset asset = readyAfterDropping(TestClips.audioOnly(), "podcast.m4a");
        assertThat(asset.getRenditions()).extracting(Rendition::name).containsExactly("audio");
        Rendition audio = asset.getRenditions().get(0);
        assertThat(publishedStream(asset, audio, "video")).isNull();
        assertThat(publishedStream(asset, audio, "audio").path("codec_name").asText()).isEqualTo("aac");
    }

    @Test
    void oddSizedSourceIsScaledToEvenDimensions() throws Exception {
        Asset asset = readyAfterDropping(TestClips.oddSize(), "odd.mkv");
        assertThat(asset.getRenditions()).singleElement().satisfies(r -> {
            assertThat(r.width()).isEqualTo(320);
            assertThat(r.height()).isEqualTo(240);
        });
    }

    @Test
    void tenBitSourceIsPublishedAsEightBit() throws Exception {
        Asset asset = readyAfterDropping(TestClips.tenBit(), "ten-bit.mp4");
        assertThat(asset.getProbe().video().bitDepth()).isEqualTo(10);
        for (Rendition r : asset.getRenditions()) {
            assertThat(publishedStream(asset, r, "video").path("pix_fmt").asText()).isEqualTo("yuv420p");
        }
    }

    @Test
    void hostileFileNamesAreOnlyData() throws Exception {
        Asset dash = readyAfterDropping(TestClips.landscape(2), "-i evil.mp4");
        assertThat(dash.getSource().name()).isEqualTo("-i evil.mp4");
        String unicode = "Vorlesung Ü 1 – 心臓 (final).mp4";
        Asset named = readyAfterDropping(TestClips.variant(TestClips.noAudio(), "unicode"), unicode);
        assertThat(named.getSource().name()).isEqualTo(unicode);
        assertThat(data.resolve("archive").resolve(named.getId()).resolve(unicode)).exists();
    }

    @Test
    void truncatedFileFailsAndIsKeptWithAReport() throws Exception {
        Asset asset = failedAfterDropping(TestClips.truncated(), "broken upload.mp4", "UNREADABLE_MEDIA");
        assertThat(asset.getError().attempts()).isEqualTo(1);
        Path kept = data.resolve("failed").resolve(asset.getId()).resolve("broken upload.mp4");
        assertThat(kept).hasSameBinaryContentAs(TestClips.truncated());
        JsonNode report = Json.MAPPER.readTree(data.resolve("failed").resolve(asset.getId()).resolve("error.json").toFile());
        assertThat(report.path("assetId").asText()).isEqualTo(asset.getId());
        assertThat(report.path("error").path("code").asText()).isEqualTo("UNREADABLE_MEDIA");
        assertThat(report.path("error").path("message").asText()).isNotBlank();
        WebhookReceiver.Received failed = awaitHook(asset.getId(), "asset.failed");
        assertThat(failed.json().path("data").path("error").path("code").asText()).isEqualTo("UNREADABLE_MEDIA");
    }

    @Test
    void textFileNamedMp4Fails() throws Exception {
        Asset asset = failedAfterDropping(TestClips.textAsMp4(), "notes.mp4", "UNREADABLE_MEDIA");
        assertThat(data.resolve("failed").resolve(asset.getId()).resolve("notes.mp4")).hasSameTextualContentAs(TestClips.textAsMp4());
    }

    @Test
    void zeroByteFileFails() throws Exception {
        Asset asset = failedAfterDropping(Files.createTempFile(data, "empty", ".bin"), "empty.mp4", "EMPTY_FILE");
        assertThat(asset.getError().message()).contains("empty");
        assertThat(data.resolve("failed").resolve(asset.getId()).resolve("empty.mp4")).exists();
    }

    @Test
    void badSidecarFailsTheAssetAndKeepsBothFiles() throws Exception {
        app.dropText("bad-meta.json", "{\"title\": 42}");
        Asset asset = failedAfterDropping(TestClips.landscape(2), "bad-meta.mp4", "SIDECAR_INVALID");
        assertThat(asset.getError().message()).contains("title");
        assertThat(data.resolve("failed").resolve(asset.getId()).resolve("bad-meta.mp4")).exists();
        assertThat(data.resolve("failed").resolve(asset.getId()).resolve("sidecar.json")).hasContent("{\"title\": 42}");

        app.dropText("not-json.json", "{title: oops");
        failedAfterDropping(TestClips.landscape(2), "not-json.mp4", "SIDECAR_NOT_JSON");
    }

    @Test
    void sidecarDroppedJustAfterItsVideoIsStillPaired() throws Exception {
        app.drop(TestClips.variant(TestClips.noAudio(), "late"), "late-sidecar.mp4");
        app.dropText("late-sidecar.json", "{\"title\": \"Arrived second\"}");
        Asset asset = app.awaitOutcome("late-sidecar.mp4", WAIT);
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.READY);
        assertThat(asset.getMetadata()).containsEntry("title", "Arrived second");
    }

    @Test
    void sameContentDroppedAgainIsLinkedNotTranscodedTwice() throws Exception {
        Path clip = TestClips.make("dup-source.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=2",
                "-c:v", "libx264", "-preset", "ultrafast"));
        Asset first = readyAfterDropping(clip, "original.mp4");
        Asset second = app.awaitOutcome(app.drop(clip, "copy of original.mp4").getFileName().toString(), WAIT);
        assertThat(second.getStatus()).isEqualTo(AssetStatus.DUPLICATE);
        assertThat(second.getDuplicateOf()).isEqualTo(first.getId());
        assertThat(data.resolve("media").resolve(second.getId())).doesNotExist();
        assertThat(data.resolve("archive").resolve(second.getId()).resolve("copy of original.mp4")).exists();
    }

    @Test
    void apiNeedsTheTokenAndPagesNewestFirst() throws Exception {
        assertThat(app.get("/api/assets", null).statusCode()).isEqualTo(401);
        assertThat(app.get("/api/assets", "wrong").statusCode()).isEqualTo(401);
        assertThat(app.get("/api/assets/nope", app.token()).statusCode()).isEqualTo(404);
        assertThat(app.get("/api/assets?limit=0", app.token()).statusCode()).isEqualTo(400);
        readyAfterDropping(TestClips.variant(TestClips.noAudio(), "page1"), "page-1.mp4");
        readyAfterDropping(TestClips.variant(TestClips.audioOnly(), "page2"), "page-2.m4a");
        JsonNode page = Json.MAPPER.readTree(app.get("/api/assets?limit=1", app.token()).body());
        assertThat(page.path("items")).hasSize(1);
        String newest = page.path("items").get(0).path("id").asText();
        JsonNode next = Json.MAPPER.readTree(app.get("/api/assets?limit=1&after=" + page.path("next").asText(), app.token()).body());
        assertThat(next.path("items").get(0).path("id").asText()).isNotEqualTo(newest);
        assertThat(app.store().list(1, null).get(0).getId()).isEqualTo(newest);
    }

    @Test
    void healthIsUpOnTheManagementPort() throws Exception {
        HttpResponse<String> health = app.management("/observe/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
    }

    private Asset readyAfterDropping(Path clip, String name) throws Exception {
        app.drop(clip, name);
        Asset asset = app.awaitOutcome(name, WAIT);
        assertThat(asset.getStatus()).as("%s: %s", name, asset.getError()).isEqualTo(AssetStatus.READY);
        return asset;
    }

    private Asset failedAfterDropping(Path file, String name, String code) throws Exception {
        app.drop(file, name);
        Asset asset = app.awaitOutcome(name, WAIT);
        assertThat(asset.getStatus()).isEqualTo(AssetStatus.FAILED);
        assertThat(asset.getError().code()).isEqualTo(code);
        assertThat(app.inbox().resolve(name)).doesNotExist();
        assertThat(data.resolve("work").resolve(asset.getId())).doesNotExist();
        return asset;
    }

    private JsonNode publishedStream(Asset asset, Rendition r, String type) throws Exception {
        Path playlist = data.resolve("media").resolve(asset.getId()).resolve(r.playlist());
        return MediaInspector.firstStream(MediaInspector.probeEncrypted(playlist, app.contentKey(asset.getId())), type);
    }

    private WebhookReceiver.Received awaitHook(String assetId, String type) throws InterruptedException {
        for (int i = 0; i < 150; i++) {
            List<WebhookReceiver.Received> got = hooks.accepted(assetId, type);
            if (!got.isEmpty()) {
                return got.get(0);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No " + type + " webhook for " + assetId);
    }

    private static int targetDuration(String playlist) {
        return playlist.lines().filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                .map(l -> Integer.parseInt(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElse(-1);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
