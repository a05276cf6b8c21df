package caravan.ops.health;

import caravan.ffmpeg.BoundedProcess;
import caravan.ffmpeg.FfmpegTools;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * ffmpeg and ffprobe still run ({@code -version}). Checked when Caravan starts, then again at most once per
 * {@code recheckMillis} while they work, and on every request while they do not, so a repair shows at once.
 * A tool that hangs, silent or not, turns the check DOWN after {@link #LIMIT_MILLIS} plus the kill grace.
 */
public final class ToolsCheck extends DependencyCheck {
    /** How long each tool has to answer; one that does not is stopped (SIGTERM, then SIGKILL) and the check is DOWN. */
    static final long LIMIT_MILLIS = 10_000;
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
            BoundedProcess.Result r = BoundedProcess.run(cmd, LIMIT_MILLIS);
            if (r.timedOut()) {
                return name + " -version did not answer within " + LIMIT_MILLIS / 1000 + " s";
            }
            return r.exitValue() == 0 ? null : name + " -version exited with " + r.exitValue() + ": "
                    + firstLine(r.stdoutText() + "\n" + r.stderrText());
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
