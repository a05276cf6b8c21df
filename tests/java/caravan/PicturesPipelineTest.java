package caravan;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Pictures that look right on every source, end to end through Caravan: uploads made at test time as cameras and
 * broadcasters write them (anamorphic SD, HLG phone video, BT.601 and full-range colour), and the published rungs read
 * back with the real ffmpeg and ffprobe, decrypted with the key a player gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Pipeline
class PicturesPipelineTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Pattern SAT = Pattern.compile("lavfi\\.signalstats\\.SATAVG=([0-9.]+)");

    @TempDir
    static Path data;
    CaravanApp app;

    @BeforeAll
    void start() throws Exception {
        app = CaravanApp.start(data, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        app.close();
    }

    @Test
    void anamorphicWidescreenPalComesOutSixteenByNineWithSquarePixels() throws Exception {
        Asset asset = ready(TestClips.anamorphicPal(), "broadcast/pal-widescreen.mp4");

        assertThat(asset.getProbe().video().sarNum()).isEqualTo(64);
        assertThat(asset.getProbe().video().sarDen()).isEqualTo(45);
        assertThat(asset.getRenditions()).isNotEmpty();
        assertThat(asset.getRenditions().get(0).height()).as("the source's own height on top").isEqualTo(576);
        for (Rendition r : asset.getRenditions()) {
            JsonNode video = MediaInspector.firstStream(MediaInspector.probeEncrypted(playlist(asset, r), key(asset)), "video");
            int w = video.path("width").asInt();
            int h = video.path("height").asInt();
            assertThat((double) w / h).as("shape of %s (%dx%d)", r.name(), w, h).isCloseTo(16.0 / 9, within(2.0 / h + 0.01));
            assertThat(video.path("sample_aspect_ratio").asText("N/A")).as("pixels of %s", r.name()).isIn("1:1", "N/A");
        }
        assertDefaultVariantFirst(asset);
    }

    /** Players start on the first variant: the one whose average bandwidth is nearest 2 Mb/s, then the others in ladder order. */
    private void assertDefaultVariantFirst(Asset asset) throws IOException {
        String master = Files.readString(data.resolve("media").resolve(asset.getId()).resolve("master.m3u8"));
        List<String> variants = master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")).toList();
        assertThat(variants).hasSize(asset.getRenditions().size()).hasSizeGreaterThan(2);
        Pattern average = Pattern.compile("AVERAGE-BANDWIDTH=(\\d+)");
        long nearest = variants.stream().mapToLong(v -> {
            Matcher m = average.matcher(v);
            assertThat(m.find()).as("AVERAGE-BANDWIDTH in %s", v).isTrue();
            return Long.parseLong(m.group(1));
        }).boxed().min(java.util.Comparator.comparingLong(b -> Math.abs(b - 2_000_000))).orElseThrow();
        assertThat(variants.get(0)).as("the first variant of %s", master).contains("AVERAGE-BANDWIDTH=" + nearest + ",");
        List<String> uris = master.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        List<String> ladderOrder = asset.getRenditions().stream().map(Rendition::playlist).toList();
        assertThat(uris).containsExactlyInAnyOrderElementsOf(ladderOrder);
        assertThat(uris.subList(1, uris.size())).as("the rest in ladder order").isSubsetOf(ladderOrder)
                .isSortedAccordingTo(java.util.Comparator.comparingInt(ladderOrder::indexOf));
        assertThat(asset.getRenditions()).extracting(Rendition::height).as("the asset lists its renditions tallest first")
                .isSortedAccordingTo(java.util.Comparator.reverseOrder());
    }

    @Test
    void hlgPhoneVideoIsToneMappedToSdrBt709() throws Exception {
        Path source = TestClips.hlgPhoneClip();
        Asset asset = ready(source, "phone/hdr-clip.mp4");

        assertThat(asset.getProbe().video().colour().highDynamicRange()).isTrue();
        Rendition rung = asset.getRenditions().get(0);
        Path local = decryptedCopy(asset, rung);
        JsonNode video = MediaInspector.firstStream(MediaInspector.probeEncrypted(playlist(asset, rung), key(asset)), "video");
        assertThat(video.path("codec_name").asText()).isEqualTo("h264");
        assertThat(video.path("pix_fmt").asText()).isEqualTo("yuv420p");
        assertThat(video.path("color_transfer").asText()).isEqualTo("bt709");
        assertThat(video.path("color_primaries").asText()).isEqualTo("bt709");
        assertThat(video.path("color_space").asText()).isEqualTo("bt709");
        assertThat(video.path("color_range").asText()).isEqualTo("tv");

        String size = "scale=" + rung.width() + ":" + rung.height() + ",";
        double published = saturation(List.of("-protocol_whitelist", "file,crypto", "-allowed_extensions", "ALL", "-i", local.toString()), "");
        // the reference: the source tone-mapped by hand (zscale to linear light, BT.709 primaries, mobius, BT.709)
        double reference = saturation(List.of("-i", source.toString()), "zscale=t=linear:npl=100,format=gbrpf32le,"
                + "zscale=p=bt709,tonemap=tonemap=mobius:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p," + size);
        // what Caravan published before: the HLG signal passed through into 8-bit 4:2:0
        double passedThrough = saturation(List.of("-i", source.toString()), "format=yuv420p," + size);

        assertThat(published).as("mean saturation of the SDR rung against the tone-mapped reference %.1f", reference)
                .isCloseTo(reference, within(reference * 0.1));
        assertThat(published).as("against the washed-out pass-through %.1f", passedThrough).isGreaterThan(passedThrough * 1.5);
    }

    @Test
    void bt601StandardDefinitionKeepsItsColours() throws Exception {
        int[] rgb = {0xC8, 0x3C, 0x28};
        Asset asset = ready(TestClips.flatColour("0xC83C28", "720x576", "bt601", "tv"), "colour/sd-601.mp4");

        for (Rendition r : asset.getRenditions()) {
            assertThat(decodedColour(asset, r)).as("colour of %s", r.name()).satisfies(c -> closeTo(c, rgb, 4));
        }
    }

    @Test
    void fullRangeSourceBecomesLimitedRangeWithTheSameColours() throws Exception {
        int[] rgb = {0x28, 0xA0, 0xD2};
        Asset asset = ready(TestClips.flatColour("0x28A0D2", "1280x720", "bt709", "pc"), "colour/full-range.mp4");

        assertThat(asset.getProbe().video().colour().range()).isEqualTo("pc");
        for (Rendition r : asset.getRenditions()) {
            assertThat(decodedColour(asset, r)).as("colour of %s", r.name()).satisfies(c -> closeTo(c, rgb, 4));
        }
    }

    private static void closeTo(double[] actual, int[] expected, double tolerance) {
        for (int i = 0; i < 3; i++) {
            assertThat(actual[i]).as("channel %d of %s", i, java.util.Arrays.toString(actual)).isCloseTo(expected[i], within(tolerance));
        }
    }

    /** The mean RGB of the middle of the rung's first picture, decoded by the colour tags it carries (which must be BT.709, limited). */
    private double[] decodedColour(Asset asset, Rendition r) throws Exception {
        Path local = decryptedCopy(asset, r);
        JsonNode video = MediaInspector.firstStream(MediaInspector.probeEncrypted(playlist(asset, r), key(asset)), "video");
        assertThat(video.path("color_space").asText()).as("matrix of %s", r.name()).isEqualTo("bt709");
        assertThat(video.path("color_range").asText()).as("range of %s", r.name()).isEqualTo("tv");
        byte[] raw = ffmpeg(List.of("-protocol_whitelist", "file,crypto", "-allowed_extensions", "ALL", "-i", local.toString(),
                "-vf", "crop=16:16:(iw-16)/2:(ih-16)/2,scale=in_color_matrix=bt709:in_range=tv:out_range=pc,format=rgb24",
                "-frames:v", "1", "-f", "rawvideo", "-"));
        double[] sum = new double[3];
        for (int i = 0; i < raw.length; i++) {
            sum[i % 3] += raw[i] & 0xFF;
        }
        int pixels = raw.length / 3;
        return new double[]{sum[0] / pixels, sum[1] / pixels, sum[2] / pixels};
    }

    /** The mean saturation (signalstats SATAVG) of the first picture of {@code input} after {@code filters}. */
    private static double saturation(List<String> input, String filters) throws Exception {
        List<String> args = new ArrayList<>(input);
        args.addAll(List.of("-vf", filters + "signalstats,metadata=print:key=lavfi.signalstats.SATAVG:file=-",
                "-frames:v", "1", "-f", "null", "-"));
        String out = new String(ffmpeg(args), StandardCharsets.UTF_8);
        Matcher m = SAT.matcher(out);
        assertThat(m.find()).as("SATAVG in %s", out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static byte[] ffmpeg(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error"));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ffmpeg %s", args).isZero();
        return out;
    }

    /** The rung's playlist copied with its key URI pointing at a local copy of the key and absolute segment paths. */
    private Path decryptedCopy(Asset asset, Rendition r) throws Exception {
        Path playlist = playlist(asset, r);
        Path dir = Files.createTempDirectory(data, "rung");
        Path keyFile = dir.resolve("key.bin");
        Files.write(keyFile, key(asset));
        StringBuilder copy = new StringBuilder();
        for (String line : Files.readAllLines(playlist)) {
            if (line.startsWith("#EXT-X-KEY")) {
                line = line.replaceAll("URI=\"[^\"]*\"", "URI=\"" + keyFile + "\"");
            } else if (!line.isBlank() && !line.startsWith("#")) {
                line = playlist.resolveSibling(line).toString();
            }
            copy.append(line).append('\n');
        }
        Path local = dir.resolve("index.m3u8");
        Files.writeString(local, copy);
        return local;
    }

    private Path playlist(Asset asset, Rendition r) {
        return data.resolve("media").resolve(asset.getId()).resolve(r.playlist());
    }

    private byte[] key(Asset asset) throws Exception {
        return app.contentKey(asset.getId());
    }

    private Asset ready(Path clip, String name) throws Exception {
        app.drop(clip, name);
        Asset asset = app.awaitOutcome(name, WAIT);
        assertThat(asset.getStatus()).as("status of %s (%s)", name, asset.getError()).isEqualTo(AssetStatus.READY);
        return asset;
    }
}
