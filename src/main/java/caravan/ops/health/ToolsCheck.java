package caravan.ops.health;

import caravan.ffmpeg.FfmpegTools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ffmpeg and ffprobe still run ({@code -version}). Checked when Caravan starts, then again at most once per
 * {@code recheckMillis} while they work, and on every request while they do not, so a repair shows at once.
 */
public final class ToolsCheck extends DependencyCheck {
    private final FfmpegTools tools;
    private final long recheckMillis;
    private long lastSuccess = Long.MIN_VALUE;

    public ToolsCheck(FfmpegTools tools, long recheckMillis) {
        super("caravan-ffmpeg");
        this.tools = tools;
        this.recheckMillis = recheckMillis;
        problem();
    }

    @Override
    protected synchronized String problem() {
        long now = System.nanoTime() / 1_000_000;
        if (lastSuccess != Long.MIN_VALUE && now - lastSuccess < recheckMillis) {
            return null;
        }
        String problem = runs("ffmpeg", tools.ffmpeg());
        if (problem == null) {
            problem = runs("ffprobe", tools.ffprobe());
        }
        lastSuccess = problem == null ? now : Long.MIN_VALUE;
        return problem;
    }

    private static String runs(String name, List<String> tool) {
        List<String> cmd = new ArrayList<>(tool);
        cmd.add("-version");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return name + " -version did not answer within 10 s";
            }
            return p.exitValue() == 0 ? null : name + " -version exited with " + p.exitValue() + ": " + firstLine(out);
        } catch (IOException e) {
            return name + " cannot be started: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return name + " check interrupted";
        }
    }

    private static String firstLine(String text) {
        return text.strip().lines().findFirst().orElse("");
    }
}
