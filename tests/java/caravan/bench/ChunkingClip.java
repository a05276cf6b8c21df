package caravan.bench;

import caravan.ffmpeg.FfmpegTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * P7's long clip, made at bench time into the scratch folder (never the repository): the real samples (the squirrel's
 * 10 s of camera footage, then 30 s of Big Buck Bunny) scaled to the picture size at 25 fps with stereo AAC, encoded
 * once at a high quality, then looped to the length asked for and encoded again (x264 veryfast, CRF 20). Without the samples (a fresh clone
 * has no ../shared/samples), 40 s of testsrc2 with noise take their place, and the clip's name says so.
 */
final class ChunkingClip {
    private static final String SQUIRREL = "squirrel_720p25_h264_aac.mp4";
    private static final String BUNNY = "bbb_720p_vp8_vorbis_0_30.webm";

    private final FfmpegTools tools;
    private final Path scratch;
    private final Path samples;

    ChunkingClip(FfmpegTools tools, Path scratch, Path samples) {
        this.tools = tools;
        this.scratch = scratch;
        this.samples = samples;
    }

    /** The clip of {@code seconds} at {@code size} (WxH), made once and kept in the scratch folder. */
    Path make(int seconds, String size) throws Exception {
        boolean real = Files.isRegularFile(samples.resolve(SQUIRREL)) && Files.isRegularFile(samples.resolve(BUNNY));
        String kind = real ? "samples" : "testsrc2";
        Path clip = scratch.resolve(String.format(Locale.ROOT, "p7-%s-%s-%ds.mp4", kind, size, seconds));
        if (Files.exists(clip)) {
            return clip;
        }
        String[] wh = size.split("x");
        String fit = "scale=" + wh[0] + ":" + wh[1] + ":flags=bicubic,fps=25,setsar=1,format=yuv420p";
        Path base = scratch.resolve(String.format(Locale.ROOT, "p7-%s-%s-base.mp4", kind, size));
        if (!Files.exists(base)) {
            List<String> args = new ArrayList<>();
            if (real) {
                String audio = "aresample=48000,aformat=channel_layouts=stereo";
                args.addAll(List.of("-i", samples.resolve(SQUIRREL).toString(), "-i", samples.resolve(BUNNY).toString(),
                        "-filter_complex", "[0:v]" + fit + "[v0];[1:v]" + fit + "[v1];[0:a]" + audio + "[a0];[1:a]" + audio
                                + "[a1];[v0][a0][v1][a1]concat=n=2:v=1:a=1[v][a]", "-map", "[v]", "-map", "[a]"));
            } else {
                args.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=25:duration=40", "-f", "lavfi",
                        "-i", "sine=frequency=440:duration=40:sample_rate=48000", "-vf", "noise=alls=12:allf=t," + fit, "-ac", "2"));
            }
            args.addAll(List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-g", "50", "-c:a", "aac", "-b:a", "160k"));
            ffmpeg(args, base);
        }
        // re-encoded, not copied: a copied loop leaves a gap at each seam (the audio's priming makes the file a little
        // longer than its video), and the clip would not be 25 fps throughout
        ffmpeg(List.of("-stream_loop", "-1", "-i", base.toString(), "-t", String.valueOf(seconds), "-vf", "fps=25",
                "-af", "aresample=async=1", "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-g", "50",
                "-c:a", "aac", "-b:a", "160k"), clip);
        return clip;
    }

    private void ffmpeg(List<String> args, Path out) throws Exception {
        Path tmp = out.resolveSibling("tmp-" + out.getFileName());
        List<String> cmd = new ArrayList<>(tools.ffmpeg());
        cmd.addAll(List.of("-nostdin", "-hide_banner", "-loglevel", "error", "-y"));
        cmd.addAll(args);
        cmd.addAll(List.of("-f", "mp4", tmp.toString()));
        run(cmd, 3600);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs a command to its end (at most {@code seconds}); its output is shown only if it fails. */
    static void run(List<String> cmd, long seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("failed: " + String.join(" ", cmd) + "\n" + new String(output, StandardCharsets.UTF_8));
        }
    }
}
