package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.Outputs.AudioRendition;
import caravan.asset.Rendition;
import caravan.testing.CaravanApp;
import caravan.testing.MediaInspector;
import caravan.testing.Pipeline;
import caravan.testing.TestClips;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Alternate audio end to end: an upload with an English and a German track becomes a ladder whose rungs carry no
 * sound and two audio renditions in the master's AUDIO group, each encoded once, named by language, the source's
 * default marked; each plays alone; the MP4 download still has sound. The HLS conformance checker runs over the
 * published folder when the app closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class AlternateAudioPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path data;
    CaravanApp app;
    Asset asset;
    Path published;

    @BeforeAll
    void publishTwoLanguages() throws Exception {
        Path ladder = data.resolve("test-ladder.json");
        Files.writeString(ladder, """
                {"video": {"preset": "ultrafast"},
                 "rungs": [{"name": "240p", "height": 240, "videoKbps": 300}, {"name": "144p", "height": 144, "videoKbps": 120}]}""");
        app = CaravanApp.start(data.resolve("caravan"), Map.of("caravan.ladder.file", ladder.toString(),
                "caravan.outputs.thumbnailSeconds", "0", "caravan.outputs.storyboardSeconds", "0",
                "caravan.quality.sampleEvery", "0", "caravan.outputs.downloadRung", "240p"));
        app.drop(TestClips.twoLanguages(3), "lecture-en-de.mp4");
        asset = app.awaitOutcome("lecture-en-de.mp4", WAIT);
        assertThat(asset.getStatus()).as("%s", asset.getError()).isEqualTo(AssetStatus.READY);
        published = app.data().resolve("media").resolve(asset.getId());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theMasterOffersBothLanguagesAsRenditionsOfOneGroupTheSourceDefaultFirstChoice() throws Exception {
        String master = Files.readString(published.resolve("master.m3u8"));
        List<String> media = master.lines().filter(l -> l.startsWith("#EXT-X-MEDIA:TYPE=AUDIO")).toList();

        assertThat(media).hasSize(2);
        assertThat(media.get(0)).contains("GROUP-ID=\"audio\"", "LANGUAGE=\"en\"", "NAME=\"English\"", "DEFAULT=NO",
                "AUTOSELECT=YES", "CHANNELS=\"2\"", "URI=\"audio/index.m3u8\"");
        assertThat(media.get(1)).contains("GROUP-ID=\"audio\"", "LANGUAGE=\"de\"", "NAME=\"German\"", "DEFAULT=YES",
                "URI=\"audio2/index.m3u8\"");
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList()).hasSize(2)
                .allSatisfy(l -> assertThat(l).contains("AUDIO=\"audio\"").containsPattern("CODECS=\"avc1\\.[0-9a-f]{6},mp4a\\.40\\.2\""));
        assertThat(asset.getProbe().audioTracks()).extracting(t -> t.language()).containsExactly("en", "de");
        assertThat(asset.getOutputs().audio()).extracting(AudioRendition::name, AudioRendition::isDefault)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("English", false), org.assertj.core.groups.Tuple.tuple("German", true));
        JsonNode api = Json.MAPPER.readTree(app.get("/api/assets/" + asset.getId(), app.token()).body());
        assertThat(api.path("outputs").path("audio").findValuesAsText("playlist")).containsExactly("audio/index.m3u8", "audio2/index.m3u8");
    }

    @Test
    void eachTrackIsEncodedOnceIntoARenditionThatPlaysAloneAndTheRungsCarryNoSound() throws Exception {
        try (Stream<Path> folders = Files.list(published)) {
            assertThat(folders.filter(Files::isDirectory).map(f -> f.getFileName().toString()))
                    .as("one audio folder per track, not one audio stream per rung").containsExactlyInAnyOrder("240p", "144p", "audio", "audio2");
        }
        byte[] key = app.contentKey(asset.getId());
        for (AudioRendition a : asset.getOutputs().audio()) {
            JsonNode probe = MediaInspector.probeEncrypted(published.resolve(a.playlist()), key);
            assertThat(probe.path("streams")).as(a.playlist()).hasSize(1);
            assertThat(MediaInspector.firstStream(probe, "audio").path("codec_name").asText()).isEqualTo("aac");
            assertThat(probe.path("format").path("duration").asDouble()).isCloseTo(3.0, within(0.3));
        }
        for (Rendition r : asset.getRenditions()) {
            JsonNode probe = MediaInspector.probeEncrypted(published.resolve(r.playlist()), key);
            assertThat(MediaInspector.streams(probe, "audio")).as(r.name()).isEmpty();
            assertThat(MediaInspector.streams(probe, "video")).as(r.name()).hasSize(1);
        }
    }

    @Test
    void theTracksStayApartEnglishAt440AndGermanAt880Hertz() throws Exception {
        byte[] key = app.contentKey(asset.getId());
        assertThat(dominantHertz(published.resolve("audio/index.m3u8"), key)).isCloseTo(440, within(40.0));
        assertThat(dominantHertz(published.resolve("audio2/index.m3u8"), key)).isCloseTo(880, within(40.0));
    }

    @Test
    void theMp4DownloadPlaysWithTheDefaultTrack() {
        JsonNode probe = MediaInspector.probe(published.resolve(asset.getOutputs().download().path()));
        assertThat(MediaInspector.streams(probe, "video")).hasSize(1);
        assertThat(MediaInspector.streams(probe, "audio")).hasSize(1);
    }

    /** The tone's frequency: zero crossings of the decoded audio over its duration. */
    private static double dominantHertz(Path playlist, byte[] key) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "file,crypto",
                "-allowed_extensions", "ALL", "-i", MediaInspector.decryptable(playlist, key).toString(),
                "-map", "0:a:0", "-ac", "1", "-ar", "8000", "-f", "s16le", "-"));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] pcm = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
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
        return crossings / 2.0 / (samples / 8000.0);
    }
}
