package caravan.ffmpeg;

import org.apache.camel.component.exec.ExecCommand;
import org.apache.camel.component.exec.impl.DefaultExecCommandExecutor;
import org.apache.commons.exec.DefaultExecutor;

/**
 * camel-exec's executor, except that ffmpeg is not killed by a JVM shutdown hook. On SIGTERM, Camel's graceful
 * shutdown lets the running job finish within {@code camel.main.shutdownTimeout}; if it does not, the process is
 * left behind and the next start stops it and runs the asset again (see Recovery).
 */
public final class MediaProcessExecutor extends DefaultExecCommandExecutor {
    @Override
    protected DefaultExecutor prepareDefaultExecutor(ExecCommand command) {
        DefaultExecutor executor = super.prepareDefaultExecutor(command);
        executor.setProcessDestroyer(null);
        return executor;
    }
}
