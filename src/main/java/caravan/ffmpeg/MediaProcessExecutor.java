package caravan.ffmpeg;

import org.apache.camel.component.exec.ExecCommand;
import org.apache.camel.component.exec.ExecCommandExecutor;
import org.apache.camel.component.exec.ExecEndpoint;
import org.apache.camel.component.exec.ExecException;
import org.apache.camel.component.exec.ExecResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * camel-exec's executor for the media tools, running each command as a {@link BoundedProcess}: its time limit ends in
 * SIGKILL for the tool and anything it started if SIGTERM is not enough, and its output is kept in bounded buffers.
 * Unlike camel-exec's own executor, it registers no JVM shutdown hook: on SIGTERM, Camel's graceful shutdown lets the
 * running job finish within {@code camel.main.shutdownTimeout}; if the JVM is killed instead, the process is left
 * behind and the next start stops it and runs the asset again (see Recovery). A job whose worker is interrupted stops
 * its process. The result also says what the run cost ({@link MeasuredExecResult}): the asset's cost is read from it.
 */
public final class MediaProcessExecutor implements ExecCommandExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(MediaProcessExecutor.class);

    @Override
    public ExecResult execute(ExecCommand command) throws IOException {
        if (command.getTimeout() == ExecEndpoint.NO_TIMEOUT || command.getTimeout() <= 0) {
            throw new IllegalArgumentException("A media process needs a time limit: " + command.getExecutable());
        }
        if (command.getOutFile() != null) {
            throw new IllegalArgumentException("outFile is not supported: read the result's stdout");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command.getExecutable());
        cmd.addAll(SecretFileArgument.resolve(command.getArgs())); // secrets from their files, not from the logged command
        Path dir = command.getWorkingDir() == null ? null : Path.of(command.getWorkingDir());
        BoundedProcess.Result result;
        try {
            result = new BoundedProcess(cmd, dir, command.getTimeout(), command.getInput()).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExecException("Interrupted, and stopped: " + command.getExecutable(), null, null, -1, e);
        }
        if (result.timedOut()) {
            LOG.warn("{} ran past its time limit of {} ms and was stopped (exit {})", command.getExecutable(),
                    command.getTimeout(), result.exitValue());
        }
        return new MeasuredExecResult(command, stream(result.stdout()), stream(result.stderr()), result.exitValue(), result.usage());
    }

    /** camel-exec's convention: no output is null, not an empty stream. */
    private static InputStream stream(byte[] bytes) {
        return bytes.length == 0 ? null : new ByteArrayInputStream(bytes);
    }
}
