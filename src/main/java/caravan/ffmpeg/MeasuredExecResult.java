package caravan.ffmpeg;

import org.apache.camel.component.exec.ExecCommand;
import org.apache.camel.component.exec.ExecResult;

import java.io.InputStream;

/** camel-exec's result of a media tool, with what the run cost ({@link ProcessUsage}), for the asset's cost. */
public final class MeasuredExecResult extends ExecResult {
    private final transient ProcessUsage usage;

    public MeasuredExecResult(ExecCommand command, InputStream stdout, InputStream stderr, int exitValue, ProcessUsage usage) {
        super(command, stdout, stderr, exitValue);
        this.usage = usage;
    }

    public ProcessUsage usage() {
        return usage == null ? ProcessUsage.NONE : usage;
    }
}
