package caravan.testing;

import caravan.ffmpeg.FfmpegTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Small media made at test time with the bundled ffmpeg (lavfi testsrc2 and sine), cached per JVM.
 * Tests never depend on files outside the repository.
 */
public final class TestClips {
    private static final Path DIR = Path.of("target", "test-clips").toAbsolutePath();
    private static final Map<String, Path> MADE = new ConcurrentHashMap<>();
    private static volatile FfmpegTools tools;

    private TestClips() {
    }

    public static FfmpegTools tools() {
        if (tools == null) {
            tools = FfmpegTools.resolve("", "");
        }
        return tools;
    }

    /** 854x480 25 fps H.264 + AAC stereo. */
    public static Path landscape(int seconds) {
        return make("landscape-" + seconds + "s.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=854x480:rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest"));
    }

    /** A 640x360 picture stored with a 90-degree display matrix: it plays as 360x640 portrait. */
    public static Path portraitByRotation() {
        Path landscape = make("rot-base.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=3",
                "-f", "lavfi", "-i", "sine=duration=3", "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", "-shortest"));
        return make("portrait-rotated.mp4", List.of("-display_rotation:v:0", "90", "-i", landscape.toString(), "-c", "copy"));
    }

    /**
     * 320x240 with two audio tracks (a 440 Hz and an 880 Hz tone), tagged English and German, the German one the
     * source's default.
     */
    public static Path twoLanguages(int seconds) {
        return make("two-languages-" + seconds + "s.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds,
                "-f", "lavfi", "-i", "sine=frequency=880:sample_rate=48000:duration=" + seconds,
                "-map", "0:v", "-map", "1:a", "-map", "2:a", "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=deu",
                "-disposition:a:0", "0", "-disposition:a:1", "default",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest"));
    }

    public static Path noAudio() {
        return make("no-audio.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
    }

    public static Path audioOnly() {
        return make("audio-only.m4a", List.of("-f", "lavfi", "-i", "sine=frequency=300:sample_rate=44100:duration=3",
                "-c:a", "aac"));
    }

    /** 321x241: odd in both directions (FFV1 in Matroska stores any size). */
    public static Path oddSize() {
        return make("odd-321x241.mkv", List.of("-f", "lavfi", "-i", "testsrc2=size=321x241:rate=25:duration=3",
                "-f", "lavfi", "-i", "sine=duration=3", "-c:v", "ffv1", "-c:a", "flac", "-shortest"));
    }

    public static Path tenBit() {
        return make("ten-bit.mp4", List.of("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=3",
                "-f", "lavfi", "-i", "sine=duration=3",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-c:a", "aac", "-shortest"));
    }

    /** Widescreen PAL as broadcast and DV store it: 720x576 pixels with a 64:45 pixel shape, displayed 16:9. */
    public static Path anamorphicPal() {
        return make("anamorphic-pal-720x576.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=720x576:rate=25:duration=4",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
                "-vf", "setsar=64/45", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ac", "2", "-shortest"));
    }

    /** The SDR test picture ({@code testsrc2}, BT.709) in the colours an HLG camera records (see {@link #hlgPhoneClip()}). */
    public static final String HLG_FROM_SDR = "zscale=tin=bt709:pin=bt709:min=bt709:rin=tv"
            + ":t=arib-std-b67:p=bt2020:m=bt2020nc:r=tv:npl=100,format=yuv420p10le";

    /**
     * HDR as phones record it: 10-bit HEVC ({@code hvc1}), HLG transfer, BT.2020 primaries and matrix, tagged so in
     * the stream and the container. The picture is the SDR test picture converted to HLG, so an SDR rung made right
     * looks like the test picture and one that passes the HLG signal through looks flat and washed out.
     */
    public static Path hlgPhoneClip() {
        return make("hlg-hevc-10bit.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=4",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
                "-vf", HLG_FROM_SDR,
                "-c:v", "libx265", "-preset", "ultrafast",
                "-x265-params", "colorprim=bt2020:transfer=arib-std-b67:colormatrix=bt2020nc:log-level=error",
                "-color_primaries", "bt2020", "-color_trc", "arib-std-b67", "-colorspace", "bt2020nc", "-tag:v", "hvc1",
                "-c:a", "aac", "-ac", "2", "-shortest"));
    }

    /**
     * One flat colour ({@code rgb}, e.g. {@code 0xC83C28}) filling a picture of {@code size}, encoded with the matrix
     * {@code matrix} (swscale's name: bt601, bt709) in {@code range} (tv or pc), and tagged so: SD video is BT.601,
     * and a full-range (yuvj) picture is what some cameras and screen recorders write.
     */
    public static Path flatColour(String rgb, String size, String matrix, String range) {
        String tag = matrix.equals("bt601") ? "bt470bg" : matrix;
        return make("flat-" + rgb + "-" + size + "-" + matrix + "-" + range + ".mp4", List.of(
                "-f", "lavfi", "-i", "color=c=" + rgb + ":size=" + size + ":rate=25:duration=3",
                "-vf", "scale=out_color_matrix=" + matrix + ":out_range=" + range + ",format=" + (range.equals("pc") ? "yuvj420p" : "yuv420p"),
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0",
                "-colorspace", tag, "-color_range", range));
    }

    /** The cues of {@link #blackStartLecture()}'s subtitle track, as SubRip. */
    public static final String EMBEDDED_SRT = """
            1
            00:00:02,500 --> 00:00:04,000
            Embedded one

            2
            00:00:05,200 --> 00:00:07,000
            Embedded two
            """;

    /**
     * A lecture that starts black: 2 s of black, then 6 s of the busy test picture, 640x360 25 fps, a 440 Hz tone,
     * and an English mov_text subtitle track.
     */
    public static Path blackStartLecture() {
        Path srt = DIR.resolve("embedded.srt");
        try {
            Files.createDirectories(DIR);
            Files.writeString(srt, EMBEDDED_SRT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return make("black-start-lecture.mp4", List.of(
                "-f", "lavfi", "-i", "color=c=black:size=640x360:rate=25:duration=2",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=6",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=8",
                "-i", srt.toString(),
                "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0,format=yuv420p[v]",
                "-map", "[v]", "-map", "2:a", "-map", "3:s", "-metadata:s:s:0", "language=eng",
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-c:a", "aac", "-ac", "2", "-c:s", "mov_text"));
    }

    /**
     * 640x360 25 fps H.264 with B-frames and a keyframe every second, with a 440 Hz tone, 5 s: the material the
     * timing clips below are cut from.
     */
    private static Path timingBase() {
        return make("timing-base.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=5",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=5",
                "-c:v", "libx264", "-preset", "veryfast", "-bf", "3", "-g", "25", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ac", "2", "-shortest"));
    }

    /**
     * Cut at 1.52 s by stream copy: the MP4 keeps the GOP from the keyframe at 1 s and an edit list that hides its
     * first 13 frames (packets with negative timestamps the decoder discards), as trimming in a phone's gallery does.
     */
    public static Path withEditList() {
        return make("edit-list.mp4", List.of("-ss", "1.52", "-i", timingBase().toString(), "-c", "copy"));
    }

    /**
     * {@link #withEditList()} stored with a 90-degree display matrix (it plays as 360x640 portrait) and its picture
     * starting 0.2 s in (an empty edit first), like a phone clip trimmed in its gallery.
     */
    public static Path rotatedWithEditList() {
        return make("rotated-edit-list.mp4", List.of("-display_rotation:v:0", "90", "-itsoffset", "0.2", "-ss", "1.52", "-i",
                timingBase().toString(), "-c", "copy"));
    }

    /** The picture starts 0.36 s after the sound: the first video frame's timestamp is 0.36, not 0. */
    public static Path lateFirstFrame() {
        return make("late-first-frame.mp4", List.of("-itsoffset", "0.36", "-i", timingBase().toString(),
                "-map", "0:v", "-map", "0:a", "-c", "copy"));
    }

    /** Variable frame rate: every 4th frame of a 25 fps picture left out, timestamps kept (gaps of 80 ms), 4 s. */
    public static Path variableFrameRate() {
        return make("variable-frame-rate.mp4", List.of(
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=4",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=4",
                "-vf", "select='not(eq(mod(n\\,4)\\,1))'", "-fps_mode", "vfr",
                "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-ac", "2", "-shortest"));
    }

    /** The first third of an MP4 whose index (moov) is at the end: unreadable. */
    public static Path truncated() throws IOException {
        Path out = DIR.resolve("truncated.mp4");
        if (!Files.exists(out)) {
            byte[] all = Files.readAllBytes(landscape(3));
            Files.write(out, java.util.Arrays.copyOf(all, all.length / 3));
        }
        return out;
    }

    public static Path textAsMp4() throws IOException {
        Path out = DIR.resolve("text.mp4");
        Files.createDirectories(DIR);
        Files.writeString(out, "This is not a video, just some text.\n".repeat(50), StandardCharsets.UTF_8);
        return out;
    }

    /** The same media with a different tag, so its bytes (and content hash) differ: not a duplicate upload. */
    public static Path variant(Path clip, String tag) {
        String name = clip.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.'));
        return make(name.substring(0, name.lastIndexOf('.')) + "-" + tag + ext,
                List.of("-i", clip.toString(), "-map", "0", "-c", "copy", "-metadata", "comment=" + tag));
    }

    public static synchronized Path make(String name, List<String> args) {
        return MADE.computeIfAbsent(name, n -> {
            try {
                Files.createDirectories(DIR);
                Path out = DIR.resolve(n);
                Path tmp = DIR.resolve("tmp-" + n);
                List<String> cmd = new ArrayList<>(tools().ffmpeg());
                cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
                cmd.addAll(args);
                cmd.add(tmp.toString());
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("ffmpeg could not make " + n + ": " + log);
                }
                Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return out;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }
}
