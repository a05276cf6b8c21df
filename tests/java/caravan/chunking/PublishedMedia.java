package caravan.chunking;

import caravan.testing.MediaInspector;
import caravan.testing.TestClips;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A published asset read back as an authorised player reads it, with the bundled ffmpeg: its media playlists (a copy
 * whose key URI points at the content key, see {@link MediaInspector#decryptable}), the video's decode timestamps,
 * the audio's samples and each frame's SSIM against the source made as the rung is made.
 */
final class PublishedMedia {
    static final List<String> CRYPTO = List.of("-allowed_extensions", "ALL", "-protocol_whitelist", "file,crypto");

    private final Path folder;
    private final byte[] key;

    PublishedMedia(Path folder, byte[] key) {
        this.folder = folder;
        this.key = key;
    }

    Path playlist(String relative) {
        return folder.resolve(relative);
    }

    /** The playlist's segment durations ({@code EXTINF}), in order. */
    List<Double> segmentDurations(String relative) throws IOException {
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(playlist(relative))) {
            if (line.startsWith("#EXTINF:")) {
                out.add(Double.parseDouble(line.substring(8, line.indexOf(',') < 0 ? line.length() : line.indexOf(','))));
            }
        }
        return out;
    }

    int targetDuration(String relative) throws IOException {
        return Files.readAllLines(playlist(relative)).stream().filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                .map(l -> Integer.parseInt(l.substring(22).trim())).findFirst().orElseThrow();
    }

    /** Decode timestamps (seconds) of the first stream of {@code type} ("v" or "a"), every packet, across all segments. */
    List<Double> decodeTimes(String relative, String type) {
        String csv = run(List.of(TestClips.tools().ffprobe(), CRYPTO, List.of("-v", "error", "-select_streams", type + ":0",
                "-show_entries", "packet=dts_time", "-of", "csv=p=0", decryptable(relative).toString())));
        return csv.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("N/A"))
                .map(l -> Double.parseDouble(l.replace(",", ""))).toList();
    }

    /** The rendition's audio decoded to mono 48 kHz samples, every sample the decoder gives (the encoder's priming too). */
    float[] samples(String relative) {
        return PublishedMedia.decode(CRYPTO, decryptable(relative));
    }

    /**
     * SSIM ("All") of each frame of the rung against the source through the rung's picture chain (the ladder's constant
     * frame rate, 8-bit 4:2:0, the rung's scaler), frames paired by presentation time from zero as
     * {@code caravan.quality.ComparisonGraph} pairs them.
     */
    List<Double> ssimPerFrame(String relative, Path source, double frameRate, int width, int height) throws IOException {
        Path stats = Files.createTempFile("ssim", ".log");
        String graph = String.format(Locale.ROOT, "[0:v:0]setpts=PTS-STARTPTS[d];[1:v:0]fps=%.6f,format=yuv420p,"
                + "scale=%d:%d:flags=bicubic,setsar=1,setpts=PTS-STARTPTS[s];[d][s]ssim=stats_file=%s", frameRate, width, height,
                stats.toString().replace("\\", "/"));
        run(List.of(TestClips.tools().ffmpeg(), CRYPTO, List.of("-nostdin", "-v", "error", "-i", decryptable(relative).toString(),
                "-i", source.toString(), "-filter_complex", graph, "-f", "null", "-")));
        List<Double> out = new ArrayList<>();
        for (String line : Files.readAllLines(stats)) {
            int at = line.indexOf("All:");
            if (at >= 0) {
                out.add(Double.parseDouble(line.substring(at + 4).trim().split("\\s+")[0]));
            }
        }
        Files.delete(stats);
        return out;
    }

    private Path decryptable(String relative) {
        return MediaInspector.decryptable(playlist(relative), key);
    }

    /** A file's first audio track decoded to mono 48 kHz samples. */
    static float[] decode(List<String> options, Path file) {
        byte[] raw = runBytes(List.of(TestClips.tools().ffmpeg(), options, List.of("-nostdin", "-v", "error", "-i", file.toString(),
                "-map", "0:a:0", "-ac", "1", "-ar", "48000", "-f", "f32le", "pipe:1")));
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[raw.length / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static String run(List<List<String>> parts) {
        return new String(runBytes(parts), StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(List<List<String>> parts) {
        List<String> cmd = new ArrayList<>();
        parts.forEach(cmd::addAll);
        try {
            Path err = Files.createTempFile("ffmpeg", ".err");
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + Files.readString(err));
            }
            Files.delete(err);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
