package caravan.ffmpeg;

import org.apache.camel.component.exec.ExecBinding;
import org.bytedeco.javacpp.Loader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg and ffprobe executables: an operator's configured paths, or the build bundled in the jar
 * (org.bytedeco:ffmpeg), which runs with its own folder as library path. Each tool is a command prefix:
 * the executable and the arguments that must come before ours.
 */
public record FfmpegTools(List<String> ffmpeg, List<String> ffprobe, String version) {

    public static FfmpegTools resolve(String ffmpegPath, String ffprobePath) {
        List<String> ffmpeg = ffmpegPath == null || ffmpegPath.isBlank() ? bundled("ffmpeg") : List.of(ffmpegPath);
        List<String> ffprobe = ffprobePath == null || ffprobePath.isBlank() ? bundled("ffprobe") : List.of(ffprobePath);
        return new FfmpegTools(ffmpeg, ffprobe, checkRuns(ffmpeg));
    }

    /** What a finished process wrote to its error output (read into a bounded buffer by the executor), as text. */
    public static String errorOutput(org.apache.camel.component.exec.ExecResult result) throws java.io.IOException {
        return result.getStderr() == null ? "" : new String(result.getStderr().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Sets up the exchange for the next camel-exec call: the tool's executable, its own prefix followed by our
     * arguments (a list, never a shell string), a time limit, and no stdin.
     */
    public static void prepareExec(org.apache.camel.Message message, List<String> tool, List<String> args, long timeoutMillis) {
        List<String> all = new ArrayList<>(tool.subList(1, tool.size()));
        all.addAll(args);
        message.setBody(null);
        message.setHeader(ExecBinding.EXEC_COMMAND_EXECUTABLE, tool.get(0));
        message.setHeader(ExecBinding.EXEC_COMMAND_ARGS, all);
        message.setHeader(ExecBinding.EXEC_COMMAND_TIMEOUT, timeoutMillis);
    }

    private static List<String> bundled(String name) {
        String path;
        try {
            path = Loader.load(name.equals("ffmpeg") ? org.bytedeco.ffmpeg.ffmpeg.class : org.bytedeco.ffmpeg.ffprobe.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            throw new IllegalStateException("The bundled " + name + " cannot load its libraries (" + e.getMessage()
                    + "). On Debian/Ubuntu install them with: apt-get install -y libpulse0 ; or set caravan.ffmpeg.path"
                    + " and caravan.ffprobe.path to a system ffmpeg.", e);
        }
        Path dir = Path.of(path).getParent();
        return List.of("/usr/bin/env", "LD_LIBRARY_PATH=" + dir, path);
    }

    /** How long a tool has to answer {@code -version} at start-up. */
    static final long START_LIMIT_MILLIS = 30_000;

    static String checkRuns(List<String> tool) {
        List<String> cmd = new ArrayList<>(tool);
        cmd.add("-version");
        try {
            BoundedProcess.Result r = BoundedProcess.run(cmd, START_LIMIT_MILLIS);
            String out = (r.stdoutText() + "\n" + r.stderrText()).strip();
            if (r.timedOut()) {
                throw new IllegalStateException("ffmpeg does not run: " + String.join(" ", tool) + " -version did not answer within "
                        + START_LIMIT_MILLIS / 1000 + " s");
            }
            if (r.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg does not run: " + String.join(" ", tool) + ": " + out);
            }
            return out.lines().findFirst().orElse("ffmpeg");
        } catch (IOException e) {
            throw new IllegalStateException("ffmpeg does not run: " + String.join(" ", tool) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
