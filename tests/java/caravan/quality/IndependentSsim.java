package caravan.quality;

import caravan.testing.TestClips;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSIM measured apart from the pipeline, as a reviewer would check it: the published rung is decoded from its
 * (decrypted) playlist in a separate ffmpeg run, the source is decoded on its own with the display rotation applied,
 * put on the rung's constant frame rate and scaled to the rung's size, and the two are paired by presentation time,
 * each counted from its own first frame. Mean of ffmpeg's per-frame "All" values over every frame.
 */
public final class IndependentSsim {
    private static final Pattern ALL = Pattern.compile("\\bAll:([0-9.]+)");

    private IndependentSsim() {
    }

    public static double of(Path source, Path rungPlaylist, byte[] key, double frameRate, int width, int height) throws Exception {
        Path dir = Files.createTempDirectory("independent-ssim");
        Path local = decryptableCopy(rungPlaylist, key, dir);
        Path stats = dir.resolve("ssim.log");
        String graph = String.format(Locale.ROOT, "[0:v:0]setpts=PTS-STARTPTS[rung];"
                + "[1:v:0]fps=%.6f,format=yuv420p,scale=%d:%d:flags=bicubic,setsar=1,setpts=PTS-STARTPTS[ref];"
                + "[rung][ref]ssim=stats_file=%s", frameRate, width, height, stats.getFileName());
        List<String> cmd = new ArrayList<>(TestClips.tools().ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error",
                "-allowed_extensions", "ALL", "-protocol_whitelist", "file,crypto", "-i", local.toString(),
                "-i", source.toString(), "-filter_complex", graph, "-f", "null", "-"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("independent SSIM failed: " + log);
        }
        Matcher m = ALL.matcher(Files.readString(stats));
        double sum = 0;
        int n = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
            n++;
        }
        if (n == 0) {
            throw new IllegalStateException("no frames compared");
        }
        return sum / n;
    }

    /** The playlist with its key URI pointing at a local copy of the key and its segment URIs made absolute. */
    static Path decryptableCopy(Path playlist, byte[] key, Path dir) throws IOException {
        Path keyFile = dir.resolve("key.bin");
        Files.write(keyFile, key);
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
}
