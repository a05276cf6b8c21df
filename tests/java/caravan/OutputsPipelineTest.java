package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.AssetWarning;
import caravan.asset.Json;
import caravan.asset.Outputs;
import caravan.asset.Rendition;
import caravan.asset.RenditionQuality;
import caravan.testing.CaravanApp;
import caravan.testing.MediaInspector;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import caravan.testing.WebhookReceiver;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Everything issue 7 publishes beside the ladder, checked for real on clips made at test time: the poster skips a
 * black start, thumbnails and the storyboard map time to pictures that exist, caption files and an embedded track
 * (one of them SDH, beside a plain track of its language) become a SUBTITLES group that ffprobe reads with their cue times intact, a bad caption file only warns, the MP4
 * download starts with its index, the quality measured per rung ranks a starved rung lower, the declared BANDWIDTH
 * covers the measured peak, and an audio-only upload gets a waveform poster. A test ladder of two rungs (one of them
 * starved) and 2 s segments keeps it quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class OutputsPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern CUE = Pattern.compile("(\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3}) --> (\\d{2}):(\\d{2}):(\\d{2})\\.(\\d{3})[^\\n]*\\n([^\\n]+)");
    private static final Pattern XYWH = Pattern.compile("^(sprite_\\d{3}\\.jpg)#xywh=(\\d+),(\\d+),(\\d+),(\\d+)$");

    @TempDir
    static Path data;
    WebhookReceiver hooks;
    CaravanApp app;
    Asset lecture;
    Path published;

    @BeforeAll
    void start() throws Exception {
        Path ladder = data.resolve("test-ladder.json");
        Files.writeString(ladder, """
                {"video": {"preset": "veryfast"}, "hls": {"segmentSeconds": 2},
                 "rungs": [{"name": "360p", "height": 360, "videoKbps": 1500},
                           {"name": "240p", "height": 240, "videoKbps": 60}]}""");
        hooks = new WebhookReceiver();
        app = CaravanApp.start(data, Map.of("caravan.webhook.urls", hooks.url(), "caravan.ladder.file", ladder.toString(),
                "caravan.outputs.thumbnailSeconds", "2", "caravan.outputs.storyboardSeconds", "1",
                "caravan.outputs.downloadRung", "360p", "caravan.quality.sampleEvery", "5"));

        app.dropText("lectures/heart.json", """
                {"title": "Heart sounds", "language": "de", "sensitive": {"mrn": "MRN-445566"}}""");
        app.dropText("lectures/heart.en.vtt", """
                WEBVTT

                intro
                00:00:02.500 --> 00:00:04.000 line:80%
                Hello <b>heart</b>

                00:00:05.040 --> 00:00:06.960
                Second cue
                """);
        app.dropText("lectures/heart.en.sdh.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n[heartbeat]\n");
        app.dropText("lectures/heart.srt", "1\r\n00:00:01,000 --> 00:00:02,000\r\nEin & zwei <i>drei</i>\r\n\r\n");
        app.dropText("lectures/heart.fr.srt", "1\n00:00:01,000 --> later\nBonjour\n");
        app.drop(TestClips.blackStartLecture(), "lectures/heart.mp4");
        lecture = app.awaitOutcome("lectures/heart.mp4", WAIT);
        assertThat(lecture.getStatus()).as("%s", lecture.getError()).isEqualTo(AssetStatus.READY);
        published = data.resolve("media").resolve(lecture.getId());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
        hooks.close();
    }

    @Test
    void posterSkipsTheBlackStartAndComesInTwoSizes() throws Exception {
        Outputs.Poster poster = lecture.getOutputs().poster();
        assertThat(poster.from()).isEqualTo("frame");
        assertThat(poster.atSeconds()).isGreaterThanOrEqualTo(2.0);
        BufferedImage large = jpeg(published.resolve(poster.large().path()));
        assertThat(large.getWidth()).isEqualTo(640).isEqualTo(poster.large().width());
        assertThat(large.getHeight()).isEqualTo(360).isEqualTo(poster.large().height());
        assertThat(meanLuma(large)).as("mean luma of the poster").isGreaterThan(60);
        BufferedImage small = jpeg(published.resolve(poster.small().path()));
        assertThat(small.getWidth()).isEqualTo(320).isEqualTo(poster.small().width());
        assertThat(small.getHeight()).isEqualTo(180).isEqualTo(poster.small().height());
        assertThat(meanLuma(small)).isGreaterThan(60);
    }

    @Test
    void thumbnailsEveryTwoSecondsAreIndexed() throws Exception {
        Outputs.Thumbnails thumbs = lecture.getOutputs().thumbnails();
        assertThat(thumbs.count()).isEqualTo(4);
        List<String[]> cues = cues(published.resolve(thumbs.vtt()));
        assertThat(cues).hasSize(4);
        for (int k = 0; k < cues.size(); k++) {
            assertThat(seconds(cues.get(k), 0)).isCloseTo(2.0 * k, within(0.001));
            BufferedImage picture = jpeg(published.resolve(thumbs.vtt()).resolveSibling(cues.get(k)[2]));
            assertThat(picture.getWidth()).isEqualTo(320);
            assertThat(picture.getHeight()).isEqualTo(180);
        }
    }

    @Test
    void storyboardRegionsLieInsideTheirSpritesAndCoverTheVideo() throws Exception {
        Outputs.Storyboard board = lecture.getOutputs().storyboard();
        assertThat(board.count()).isEqualTo(8);
        Path vtt = published.resolve(board.vtt());
        assertThat(Files.readString(vtt)).startsWith("WEBVTT\n");
        List<String[]> cues = cues(vtt);
        assertThat(cues).hasSize(8);
        double end = 0;
        for (String[] cue : cues) {
            assertThat(seconds(cue, 0)).isCloseTo(end, within(0.001));
            end = seconds(cue, 1);
            Matcher m = XYWH.matcher(cue[2]);
            assertThat(m.matches()).as(cue[2]).isTrue();
            BufferedImage sprite = jpeg(vtt.resolveSibling(m.group(1)));
            int x = Integer.parseInt(m.group(2));
            int y = Integer.parseInt(m.group(3));
            int w = Integer.parseInt(m.group(4));
            int h = Integer.parseInt(m.group(5));
            assertThat(w).isEqualTo(160);
            assertThat(h).isEqualTo(90);
            assertThat(x + w).isLessThanOrEqualTo(sprite.getWidth());
            assertThat(y + h).isLessThanOrEqualTo(sprite.getHeight());
        }
        assertThat(end).isCloseTo(lecture.getProbe().durationSeconds(), within(0.05));
    }

    @Test
    void captionsBecomeASubtitlesGroupWithTheirTimingIntact() throws Exception {
        List<Outputs.Caption> captions = lecture.getOutputs().captions();
        assertThat(captions).extracting(Outputs.Caption::language).containsExactly("en", "en", "de", "en");
        assertThat(captions).extracting(Outputs.Caption::origin).containsExactly("sidecar", "sidecar", "sidecar", "embedded");
        assertThat(captions).extracting(Outputs.Caption::name).containsExactly("English (SDH)", "English", "German", "English 2");
        assertThat(captions).extracting(Outputs.Caption::sdh).containsExactly(true, false, false, false);
        assertThat(captions.get(0).playlist()).isEqualTo("captions/en-sdh/index.m3u8");
        assertThat(cues(published.resolve(captions.get(0).vtt()))).extracting(c -> c[2]).containsExactly("[heartbeat]");

        List<String[]> german = cues(published.resolve(captions.get(2).vtt()));
        assertThat(german).hasSize(1);
        assertThat(seconds(german.get(0), 0)).isEqualTo(1.0);
        assertThat(seconds(german.get(0), 1)).isEqualTo(2.0);
        assertThat(german.get(0)[2]).isEqualTo("Ein &amp; zwei <i>drei</i>");

        String english = Files.readString(published.resolve(captions.get(1).vtt()));
        assertThat(english).startsWith("WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:").contains(",LOCAL:00:00:00.000\n");
        List<String[]> cues = cues(published.resolve(captions.get(1).vtt()));
        assertThat(cues).extracting(c -> c[2]).containsExactly("Hello <b>heart</b>", "Second cue");
        assertThat(seconds(cues.get(0), 0)).isEqualTo(2.5);
        assertThat(seconds(cues.get(0), 1)).isEqualTo(4.0);
        assertThat(seconds(cues.get(1), 0)).isEqualTo(5.04);
        assertThat(seconds(cues.get(1), 1)).isEqualTo(6.96);
        assertThat(english).contains("00:00:02.500 --> 00:00:04.000 line:80%");

        List<String[]> embedded = cues(published.resolve(captions.get(3).vtt()));
        assertThat(embedded).extracting(c -> c[2]).containsExactly("Embedded one", "Embedded two");
        double frame = 1 / 25.0;
        assertThat(seconds(embedded.get(0), 0)).isCloseTo(2.5, within(frame));
        assertThat(seconds(embedded.get(0), 1)).isCloseTo(4.0, within(frame));
        assertThat(seconds(embedded.get(1), 0)).isCloseTo(5.2, within(frame));
        assertThat(seconds(embedded.get(1), 1)).isCloseTo(7.0, within(frame));

        // the MPEG-TS time of cue 0 is where the ladder's first picture is
        long mpegts = Long.parseLong(english.substring(english.indexOf("MPEGTS:") + 7, english.indexOf(",LOCAL")));
        Path firstSegment = published.resolve("360p").resolve("segment_00000.ts");
        assertThat(mpegts).isBetween(90_000L, 200_000L);
        assertThat(Files.exists(firstSegment)).isTrue();

        String master = Files.readString(published.resolve("master.m3u8"));
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"captions\""))).hasSize(4);
        assertThat(master).contains("NAME=\"English\",LANGUAGE=\"en\"", "URI=\"captions/en/index.m3u8\"");
        assertThat(master.lines().filter(l -> l.contains("CHARACTERISTICS="))).containsExactly("#EXT-X-MEDIA:TYPE=SUBTITLES,"
                + "GROUP-ID=\"captions\",NAME=\"English (SDH)\",LANGUAGE=\"en\",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,"
                + "CHARACTERISTICS=\"public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound\","
                + "URI=\"captions/en-sdh/index.m3u8\"");
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")))
                .hasSize(2).allSatisfy(l -> assertThat(l).contains(",SUBTITLES=\"captions\""));

        JsonNode probe = MediaInspector.probeMaster(published, app.contentKey(lecture.getId()));
        List<JsonNode> subtitles = MediaInspector.streams(probe, "subtitle");
        assertThat(subtitles).as("ffprobe reads the SUBTITLES group: %s", probe).isNotEmpty()
                .allSatisfy(s -> assertThat(s.path("codec_name").asText()).isEqualTo("webvtt"));
        assertThat(MediaInspector.streams(probe, "video")).isNotEmpty();
    }

    @Test
    void aMalformedCaptionFileOnlyWarns() throws Exception {
        assertThat(lecture.getWarnings()).filteredOn(w -> w.code().equals(AssetWarning.CAPTION_INVALID))
                .singleElement().satisfies(w -> assertThat(w.message()).contains("heart.fr.srt", "line 2"));
        assertThat(data.resolve("archive").resolve(lecture.getId()).resolve("captions"))
                .isDirectoryContaining(p -> p.getFileName().toString().endsWith(".fr.srt"));
        assertThat(app.inbox().resolve("lectures")).isEmptyDirectory();
    }

    @Test
    void qualityIsMeasuredPerRungAndTheStarvedRungScoresLower() {
        Map<String, RenditionQuality> q = new java.util.HashMap<>();
        for (Rendition r : lecture.getRenditions()) {
            q.put(r.name(), r.quality());
        }
        assertThat(q).containsOnlyKeys("360p", "240p");
        for (RenditionQuality m : q.values()) {
            assertThat(m.ssim()).isBetween(0.0, 1.0);
            assertThat(m.ssimMin()).isBetween(0.0, m.ssim());
            assertThat(m.psnr()).isPositive();
            assertThat(m.sampledFrames()).isEqualTo(40);
            assertThat(m.bitsPerPixel()).isPositive();
            assertThat(m.peakBitrate()).isGreaterThanOrEqualTo(m.averageBitrate()).isPositive();
        }
        assertThat(q.get("240p").ssim()).isLessThan(q.get("360p").ssim());
        assertThat(q.get("240p").psnr()).isLessThan(q.get("360p").psnr());
        for (Rendition r : lecture.getRenditions()) {
            boolean warned = lecture.getWarnings().stream().anyMatch(w -> w.code().equals(AssetWarning.QUALITY_BELOW_FLOOR)
                    && w.message().contains("Rendition " + r.name() + " "));
            assertThat(warned).as("warning for %s at SSIM %s", r.name(), r.quality().ssim()).isEqualTo(r.quality().ssim() < 0.95);
        }
    }

    @Test
    void declaredBandwidthCoversTheMeasuredPeak() throws Exception {
        for (Rendition r : lecture.getRenditions()) {
            Path playlist = published.resolve(r.playlist());
            assertThat(r.bandwidth()).isGreaterThanOrEqualTo(r.quality().peakBitrate());
            // independently: no segment of at least half the target duration is above the declared BANDWIDTH
            String text = Files.readString(playlist);
            double target = Double.parseDouble(text.lines().filter(l -> l.startsWith("#EXT-X-TARGETDURATION:")).findFirst()
                    .orElseThrow().substring(22));
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("#EXTINF:")) {
                    double seconds = Double.parseDouble(lines.get(i).substring(8, lines.get(i).indexOf(',')));
                    long bits = Files.size(playlist.resolveSibling(lines.get(i + 1))) * 8;
                    if (seconds >= target / 2) {
                        assertThat((double) r.bandwidth()).isGreaterThanOrEqualTo(bits / seconds);
                    }
                }
            }
        }
        String master = Files.readString(published.resolve("master.m3u8"));
        for (Rendition r : lecture.getRenditions()) {
            assertThat(master).contains("BANDWIDTH=" + r.bandwidth() + ",");
        }
    }

    @Test
    void theMp4DownloadIsTheChosenRungWithItsIndexFirst() throws Exception {
        Outputs.Download download = lecture.getOutputs().download();
        assertThat(download.rendition()).isEqualTo("360p");
        Path mp4 = published.resolve(download.path());
        assertThat(Files.size(mp4)).isEqualTo(download.bytes());
        List<String> boxes = topLevelBoxes(mp4);
        assertThat(boxes).contains("moov", "mdat");
        assertThat(boxes.indexOf("moov")).as("faststart: %s", boxes).isLessThan(boxes.indexOf("mdat"));
        JsonNode probe = MediaInspector.probe(mp4);
        assertThat(MediaInspector.firstStream(probe, "video").path("height").asInt()).isEqualTo(360);
        assertThat(MediaInspector.firstStream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
        assertThat(probe.path("format").path("duration").asDouble()).isCloseTo(8.0, within(0.2));
    }

    @Test
    void everyOutputIsListedInTheApiAndTheReadyEventAndServedOnlyWithAGrant() throws Exception {
        HttpResponse<String> api = app.get("/api/assets/" + lecture.getId(), app.token());
        assertThat(api.body()).doesNotContain("MRN-445566", "sealed");
        JsonNode view = Json.MAPPER.readTree(api.body());
        JsonNode outputs = view.path("outputs");
        assertThat(outputs.path("poster").path("small").path("path").asText()).isEqualTo("poster-small.jpg");
        assertThat(outputs.path("thumbnails").path("vtt").asText()).isEqualTo("thumbnails/thumbnails.vtt");
        assertThat(outputs.path("storyboard").path("sprites")).hasSize(1);
        assertThat(outputs.path("captions")).hasSize(4);
        assertThat(outputs.path("captions").get(0).path("sdh").asBoolean()).isTrue();
        assertThat(outputs.path("download").path("path").asText()).isEqualTo("download.mp4");
        assertThat(view.path("warnings")).isNotEmpty();
        assertThat(view.path("renditions").get(0).path("quality").path("ssim").asDouble()).isBetween(0.0, 1.0);

        JsonNode ready = awaitHook(lecture.getId(), "asset.ready").json().path("data");
        assertThat(ready.path("outputs")).isEqualTo(outputs);
        assertThat(ready.path("warnings")).isEqualTo(view.path("warnings"));
        assertThat(ready.path("renditions")).isEqualTo(view.path("renditions"));
        assertThat(ready.toString()).doesNotContain("MRN-445566");

        HttpClient stranger = HttpClient.newHttpClient();
        String poster = app.baseUrl() + "/media/" + lecture.getId() + "/poster.jpg";
        assertThat(stranger.send(HttpRequest.newBuilder(URI.create(poster)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(403);
        app.grant(lecture.getId(), "{}");
        for (String path : List.of("poster.jpg", "storyboard/sprite_001.jpg", "captions/en/captions.vtt", "download.mp4")) {
            HttpResponse<byte[]> got = app.viewerGet("/media/" + lecture.getId() + "/" + path);
            assertThat(got.statusCode()).as(path).isEqualTo(200);
        }
        assertThat(app.viewerGet("/media/" + lecture.getId() + "/poster.jpg").headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(app.viewerGet("/media/" + lecture.getId() + "/captions/en/captions.vtt").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/vtt"));

        // the page's list shows posters through signed URLs that cover the poster files only
        JsonNode urls = Json.MAPPER.readTree(app.get("/api/assets/" + lecture.getId() + "/poster", app.token()).body());
        HttpResponse<byte[]> small = stranger.send(HttpRequest.newBuilder(URI.create(urls.path("url").asText())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(small.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(small.body())).getWidth()).isEqualTo(320);
        String other = urls.path("url").asText().replace("poster-small.jpg", "download.mp4");
        assertThat(stranger.send(HttpRequest.newBuilder(URI.create(other)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(403);
        assertThat(app.get("/api/assets/" + lecture.getId() + "/poster", null).statusCode()).isEqualTo(401);
    }

    @Test
    void audioOnlyUploadGetsAWaveformPosterAndNoVideo() throws Exception {
        app.drop(TestClips.variant(TestClips.audioOnly(), "waveform"), "podcast.m4a");
        Asset podcast = app.awaitOutcome("podcast.m4a", WAIT);
        assertThat(podcast.getStatus()).isEqualTo(AssetStatus.READY);
        Path folder = data.resolve("media").resolve(podcast.getId());
        Outputs.Poster poster = podcast.getOutputs().poster();
        assertThat(poster.from()).isEqualTo("waveform");
        BufferedImage large = jpeg(folder.resolve(poster.large().path()));
        assertThat(large.getWidth()).isEqualTo(1280);
        assertThat(large.getHeight()).isEqualTo(720);
        assertThat(jpeg(folder.resolve(poster.small().path())).getWidth()).isEqualTo(320);
        assertThat(podcast.getOutputs().thumbnails()).isNull();
        assertThat(podcast.getOutputs().storyboard()).isNull();
        JsonNode probe = MediaInspector.probeMaster(folder, app.contentKey(podcast.getId()));
        assertThat(MediaInspector.streams(probe, "video")).as("audio-only master").isEmpty();
        assertThat(MediaInspector.streams(probe, "audio")).isNotEmpty();
        assertThat(Files.readString(folder.resolve("master.m3u8"))).doesNotContain("RESOLUTION=", "avc1");
        RenditionQuality q = podcast.getRenditions().get(0).quality();
        assertThat(q.ssim()).isNull();
        assertThat(q.peakBitrate()).isPositive();
        assertThat(podcast.getRenditions().get(0).bandwidth()).isGreaterThanOrEqualTo(q.peakBitrate());
        assertThat(podcast.getOutputs().download().path()).isEqualTo("download.m4a");
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

    private static BufferedImage jpeg(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).as("%s is a JPEG", file.getFileName()).startsWith((byte) 0xFF, (byte) 0xD8, (byte) 0xFF);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(image).isNotNull();
        return image;
    }

    private static double meanLuma(BufferedImage image) {
        double sum = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                sum += 0.299 * (rgb >> 16 & 0xff) + 0.587 * (rgb >> 8 & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return sum / (image.getWidth() * image.getHeight());
    }

    /** The cues of a WebVTT file: {start, end, first text line}. */
    private static List<String[]> cues(Path vtt) throws Exception {
        List<String[]> out = new ArrayList<>();
        Matcher m = CUE.matcher(Files.readString(vtt, StandardCharsets.UTF_8));
        while (m.find()) {
            out.add(new String[]{m.group(1) + ":" + m.group(2) + ":" + m.group(3) + "." + m.group(4),
                    m.group(5) + ":" + m.group(6) + ":" + m.group(7) + "." + m.group(8), m.group(9)});
        }
        return out;
    }

    private static double seconds(String[] cue, int which) {
        String[] p = cue[which].split("[:.]");
        return Integer.parseInt(p[0]) * 3600 + Integer.parseInt(p[1]) * 60 + Integer.parseInt(p[2]) + Integer.parseInt(p[3]) / 1000.0;
    }

    private static List<String> topLevelBoxes(Path mp4) throws Exception {
        List<String> boxes = new ArrayList<>();
        byte[] b = Files.readAllBytes(mp4);
        int i = 0;
        while (i + 8 <= b.length) {
            long size = ((b[i] & 0xffL) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
            boxes.add(new String(b, i + 4, 4, StandardCharsets.US_ASCII));
            if (size < 8) {
                break;
            }
            i += (int) size;
        }
        return boxes;
    }
}
