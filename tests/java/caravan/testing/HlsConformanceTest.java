package caravan.testing;

import caravan.publish.MasterPlaylistEdits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conformance checker itself, on an AES-128 encrypted two-rung ladder made here with the bundled ffmpeg the way
 * Caravan makes its own: it passes what conforms and names each rule a broken copy violates.
 */
@Pipeline
class HlsConformanceTest {
    private static final byte[] KEY = "0123456789abcdef".getBytes();

    @TempDir
    static Path made;
    static Path ladder;
    static Path unaligned;
    static Path demuxed;

    @BeforeAll
    static void makeLadders() throws Exception {
        ladder = encode(made.resolve("aligned"), List.of("-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                "-force_key_frames", "expr:gte(t,n_forced*2)"), "independent_segments");
        // keyframes every 10 s and segments cut by time: segments start mid-GOP
        unaligned = encode(made.resolve("unaligned"), List.of("-g", "250", "-keyint_min", "250", "-sc_threshold", "0"),
                "independent_segments+split_by_time");
        demuxed = encodeDemuxed(made.resolve("demuxed"));
    }

    @Test
    void alternateAudioAsCaravanPublishesItConformsAndEachBrokenRuleIsNamed() throws Exception {
        Path folder = copy(demuxed);
        String raw = Files.readString(folder.resolve("master.m3u8"));
        assertThat(HlsConformance.check(folder, uri -> KEY).rules()).as("ffmpeg's own group: no AUTOSELECT, averages without the audio")
                .contains("AUDIO-AUTOSELECT", "AVERAGE-BANDWIDTH");

        String published = published(folder, raw);
        Files.writeString(folder.resolve("master.m3u8"), published);
        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);
        assertThat(report.violations()).as(report.describe()).isEmpty();

        Files.writeString(folder.resolve("master.m3u8"), published.replace("DEFAULT=NO", "DEFAULT=YES")
                .replace("LANGUAGE=\"en\"", "LANGUAGE=\"eng\"").replaceFirst(",AUDIO=\"audio\"", ""));
        report = HlsConformance.check(folder, uri -> KEY);
        assertThat(report.rules()).containsExactlyInAnyOrder("AUDIO-DEFAULT", "AUDIO-LANGUAGE", "AUDIO-GROUP", "CODECS", "BANDWIDTH",
                "AVERAGE-BANDWIDTH");

        Files.writeString(folder.resolve("master.m3u8"), published.replaceFirst("(?<![A-Z-])BANDWIDTH=(\\d+)", "BANDWIDTH=1$1")
                .replaceFirst("(?<![A-Z-])BANDWIDTH=1(\\d+)(\\d{5})", "BANDWIDTH=$1"));
        report = HlsConformance.check(folder, uri -> KEY);
        assertThat(report.rules()).as("a BANDWIDTH that leaves the audio out").contains("AUDIO-BANDWIDTH");
    }

    /** The master as Caravan's publish edits leave it: the group named, the averages with the audio. */
    private static String published(Path folder, String raw) throws IOException {
        List<caravan.asset.Outputs.AudioRendition> tracks = List.of(
                new caravan.asset.Outputs.AudioRendition("audio/index.m3u8", 0, "en", "English", true, 2, false),
                new caravan.asset.Outputs.AudioRendition("audio2/index.m3u8", 1, "de", "German", false, 2, false));
        caravan.quality.SegmentBitrates audio = caravan.quality.SegmentBitrates.of(folder.resolve("audio/index.m3u8"));
        java.util.Map<String, Long> averages = new java.util.HashMap<>();
        java.util.Map<String, Long> peaks = new java.util.HashMap<>();
        for (String rung : List.of("large", "small")) { // as the quality stage measures them
            caravan.quality.SegmentBitrates video = caravan.quality.SegmentBitrates.of(folder.resolve(rung + "/index.m3u8"));
            averages.put(rung + "/index.m3u8", video.average() + audio.average());
            peaks.put(rung + "/index.m3u8", video.peak() + audio.peak());
        }
        String master = MasterPlaylistEdits.withBandwidths(MasterPlaylistEdits.withAverageBandwidths(
                MasterPlaylistEdits.withAudioRenditions(raw, "audio", tracks), averages), peaks);
        caravan.publish.AudioPlaylists.markIndependent(folder, master);
        return MasterPlaylistEdits.withIndependentSegments(MasterPlaylistEdits.withClosedCaptionsNone(
                MasterPlaylistEdits.withFrameRate(master, 25)), folder);
    }

    @Test
    void aLadderEncodedAsCaravanDoesConformsOnceThePublishEditsAreApplied() throws Exception {
        Path folder = copy(ladder);
        String raw = Files.readString(folder.resolve("master.m3u8"));

        HlsConformance.Report before = HlsConformance.check(folder, uri -> KEY);
        assertThat(before.rules()).as("ffmpeg's own master: " + before.describe())
                .containsExactlyInAnyOrder("INDEPENDENT-SEGMENTS", "FRAME-RATE", "CLOSED-CAPTIONS");

        Files.writeString(folder.resolve("master.m3u8"), MasterPlaylistEdits.withIndependentSegments(
                MasterPlaylistEdits.withClosedCaptionsNone(MasterPlaylistEdits.withFrameRate(raw, 25)), folder));
        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);
        assertThat(report.violations()).as(report.describe()).isEmpty();
        assertThat(report.notes()).anyMatch(n -> n.contains("one variant at the top resolution 320x180"));
    }

    @Test
    void wrongDeclarationsAreEachNamed() throws Exception {
        Path folder = conformingCopy();
        String master = Files.readString(folder.resolve("master.m3u8"));
        Files.writeString(folder.resolve("master.m3u8"), master
                .replace("RESOLUTION=320x180", "RESOLUTION=640x360")
                .replace("FRAME-RATE=25.000", "FRAME-RATE=30.000")
                .replaceFirst("(?<![A-Z-])BANDWIDTH=(\\d+)", "BANDWIDTH=9$1")
                .replaceFirst("AVERAGE-BANDWIDTH=\\d+", "AVERAGE-BANDWIDTH=1900000")
                .replaceFirst("avc1\\.[0-9a-f]{6}", "avc1.4d0033"));

        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);

        assertThat(report.rules()).containsExactlyInAnyOrder("RESOLUTION", "FRAME-RATE", "BANDWIDTH", "AVERAGE-BANDWIDTH", "CODECS");
        assertThat(report.describe()).contains("RESOLUTION 640x360 but the video decodes to 320x180", "FRAME-RATE 30.000 but the video runs at 25.000");
    }

    @Test
    void aVariantWithoutClosedCaptionsNoneIsNamed() throws Exception {
        Path folder = conformingCopy();
        String master = Files.readString(folder.resolve("master.m3u8"));
        assertThat(master.lines().filter(l -> l.startsWith("#EXT-X-STREAM-INF:")))
                .as("every variant").allMatch(l -> l.endsWith(",CLOSED-CAPTIONS=NONE"));
        Files.writeString(folder.resolve("master.m3u8"), master.replaceFirst(",CLOSED-CAPTIONS=NONE", ""));

        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);

        assertThat(report.rules()).containsExactly("CLOSED-CAPTIONS");
        assertThat(report.violations()).hasSize(1);
    }

    @Test
    void aMediaPlaylistThatIsNotAFinishedVodIsNamed() throws Exception {
        Path folder = conformingCopy();
        Path rung = folder.resolve("small/index.m3u8");
        Files.writeString(rung, Files.readString(rung).replace("#EXT-X-PLAYLIST-TYPE:VOD\n", "")
                .replace("#EXT-X-ENDLIST\n", "").replace("#EXT-X-TARGETDURATION:6", "#EXT-X-TARGETDURATION:4"));

        assertThat(HlsConformance.check(folder, uri -> KEY).rules())
                .contains("PLAYLIST-TYPE", "ENDLIST", "TARGETDURATION");
        Files.writeString(rung, Files.readString(rung).replace("#EXT-X-TARGETDURATION:4", "#EXT-X-TARGETDURATION:8"));
        assertThat(HlsConformance.check(folder, uri -> KEY).rules()).as("a target above 6 s").contains("TARGET-6S");
    }

    @Test
    void segmentsThatDoNotStartOnAKeyframeAreNamed() throws Exception {
        Path folder = copy(unaligned);
        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);

        assertThat(report.rules()).contains("IDR-START");
        assertThat(report.describe()).contains("segment_00001.ts): starts with a non-key packet");
    }

    @Test
    void aSegmentThatCannotBeDecryptedIsNamed() throws Exception {
        Path folder = conformingCopy();

        assertThat(HlsConformance.check(folder, uri -> "fedcba9876543210".getBytes()).rules()).contains("SEGMENT-READABLE");
    }

    @Test
    void subtitlesWithoutLanguageOrTimestampMapAreNamed() throws Exception {
        Path folder = conformingCopy();
        Files.createDirectories(folder.resolve("captions/en"));
        Files.writeString(folder.resolve("captions/en/captions.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello\n");
        Files.writeString(folder.resolve("captions/en/index.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:12\n"
                + "#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:12.000,\ncaptions.vtt\n#EXT-X-ENDLIST\n");
        String master = Files.readString(folder.resolve("master.m3u8"));
        Files.writeString(folder.resolve("master.m3u8"), MasterPlaylistEdits.withSubtitles(master, "captions",
                List.of(new MasterPlaylistEdits.SubtitleTrack("English", "en", "captions/en/index.m3u8", false))));
        assertThat(HlsConformance.check(folder, uri -> KEY).rules()).containsExactly("X-TIMESTAMP-MAP");

        Files.writeString(folder.resolve("captions/en/captions.vtt"), "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n"
                + "00:00:01.000 --> 00:00:02.000\nHello\n");
        Files.writeString(folder.resolve("master.m3u8"), Files.readString(folder.resolve("master.m3u8"))
                .replace("LANGUAGE=\"en\",", "").replace("AUTOSELECT=YES", "AUTOSELECT=NO")
                .replace("NAME=\"English\",", "NAME=\"English\",CHARACTERISTICS=\"" + HlsConformance.SDH_DIALOG + "\","));
        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);
        assertThat(report.rules()).containsExactlyInAnyOrder("SUBTITLES", "CHARACTERISTICS");
        assertThat(report.describe()).contains("no LANGUAGE", "AUTOSELECT is not YES", HlsConformance.SDH_SOUND);
    }

    @Test
    void anSdhTrackPassesWithBothCharacteristicsAndIsNamedWithoutThem() throws Exception {
        Path folder = conformingCopy();
        Files.createDirectories(folder.resolve("captions/en-sdh"));
        Files.writeString(folder.resolve("captions/en-sdh/captions.vtt"), "WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:126000,LOCAL:00:00:00.000\n\n"
                + "00:00:01.000 --> 00:00:02.000\n[door slams]\n");
        Files.writeString(folder.resolve("captions/en-sdh/index.m3u8"), "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:12\n"
                + "#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:12.000,\ncaptions.vtt\n#EXT-X-ENDLIST\n");
        String master = Files.readString(folder.resolve("master.m3u8"));
        Files.writeString(folder.resolve("master.m3u8"), MasterPlaylistEdits.withSubtitles(master, "captions",
                List.of(new MasterPlaylistEdits.SubtitleTrack("English (SDH)", "en", "captions/en-sdh/index.m3u8", false, true))));
        assertThat(HlsConformance.check(folder, uri -> KEY).rules()).isEmpty();

        String marked = Files.readString(folder.resolve("master.m3u8"));
        Files.writeString(folder.resolve("master.m3u8"), marked.replace(",CHARACTERISTICS=\"" + MasterPlaylistEdits.SDH_CHARACTERISTICS + "\"", ""));
        HlsConformance.Report report = HlsConformance.check(folder, uri -> KEY);
        assertThat(report.rules()).containsExactly("CHARACTERISTICS");
        assertThat(report.describe()).contains("English (SDH)", "named SDH");
    }

    private static Path conformingCopy() throws IOException {
        Path folder = copy(ladder);
        String raw = Files.readString(folder.resolve("master.m3u8"));
        Files.writeString(folder.resolve("master.m3u8"), MasterPlaylistEdits.withIndependentSegments(
                MasterPlaylistEdits.withClosedCaptionsNone(MasterPlaylistEdits.withFrameRate(raw, 25)), folder));
        return folder;
    }

    private static Path copy(Path from) throws IOException {
        Path to = Files.createTempDirectory(made, "copy");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    /** As {@link #encode}, but the rungs without sound and two audio tracks in an AUDIO group, as Caravan encodes them. */
    private static Path encodeDemuxed(Path out) throws Exception {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=12",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=12",
                "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=48000:duration=12",
                "-filter_complex", "[0:v]split=2[a][b];[b]scale=160:90[c]",
                "-map", "[a]", "-map", "[c]", "-map", "1:a", "-map", "2:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-b:v:0", "400k", "-maxrate:v:0", "440k", "-bufsize:v:0", "800k",
                "-b:v:1", "150k", "-maxrate:v:1", "165k", "-bufsize:v:1", "300k",
                "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-force_key_frames", "expr:gte(t,n_forced*2)",
                "-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-hls_key_info_file", made.resolve("key.info").toString(), "-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod",
                "-hls_flags", "independent_segments+periodic_rekey", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", out + "/%v/segment_%05d.ts", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,agroup:audio,name:large v:1,agroup:audio,name:small"
                        + " a:0,agroup:audio,language:en,default:yes,name:audio a:1,agroup:audio,language:de,name:audio2",
                out + "/%v/index.m3u8"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }

    /** 12 s, 25 fps, two rungs (320x180, 160x90) with AAC, AES-128 under {@link #KEY}, 6 s segments. */
    private static Path encode(Path out, List<String> keyframes, String flags) throws Exception {
        Files.createDirectories(out);
        Path keyFile = made.resolve("key.bin");
        Files.write(keyFile, KEY);
        Path keyInfo = made.resolve("key.info");
        Files.writeString(keyInfo, "key.bin\n" + keyFile + "\n");
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=12",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=12",
                "-filter_complex", "[0:v]split=2[a][b];[b]scale=160:90[c]",
                "-map", "[a]", "-map", "[c]", "-map", "1:a", "-map", "1:a",
                "-c:v", "libx264", "-preset", "ultrafast", "-profile:v", "high", "-pix_fmt", "yuv420p",
                "-b:v:0", "400k", "-maxrate:v:0", "440k", "-bufsize:v:0", "800k",
                "-b:v:1", "150k", "-maxrate:v:1", "165k", "-bufsize:v:1", "300k"));
        cmd.addAll(keyframes);
        cmd.addAll(List.of("-c:a", "aac", "-b:a", "64k", "-ac", "2",
                "-hls_key_info_file", keyInfo.toString(), "-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod",
                "-hls_flags", flags + "+periodic_rekey", "-hls_segment_type", "mpegts",
                "-hls_segment_filename", out + "/%v/segment_%05d.ts", "-master_pl_name", "master.m3u8",
                "-var_stream_map", "v:0,a:0,name:large v:1,a:1,name:small", out + "/%v/index.m3u8"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return out;
    }
}
