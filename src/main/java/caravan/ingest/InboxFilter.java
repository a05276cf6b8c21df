package caravan.ingest;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;

import java.io.File;
import java.time.Clock;

/**
 * Which inbox files are ready to be taken. Hidden and partial files ({@code .name}, {@code *.part}, {@code *.tmp},
 * {@code *.crdownload}) are never taken, so an uploader can write under such a name and rename when done.
 * Sidecars ({@code *.json}) travel with their video and are not taken alone. A video is taken at once if its sidecar
 * is already there, otherwise only once it is {@code sidecarWaitMillis} old, so a sidecar dropped just after it
 * is still paired. (The consumer's read lock separately waits until the file's size stops changing.)
 */
public final class InboxFilter implements GenericFileFilter<File> {
    private final Clock clock;
    private final long sidecarWaitMillis;

    public InboxFilter(Clock clock, long sidecarWaitMillis) {
        this.clock = clock;
        this.sidecarWaitMillis = sidecarWaitMillis;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        String name = file.getFileNameOnly();
        if (name.startsWith(".")) {
            return false;
        }
        if (file.isDirectory()) {
            return true;
        }
        String lower = name.toLowerCase();
        if (lower.endsWith(".part") || lower.endsWith(".tmp") || lower.endsWith(".crdownload") || Sidecars.isSidecar(lower)) {
            return false;
        }
        File f = file.getFile();
        if (Sidecars.sidecarOf(f.toPath()).toFile().isFile()) {
            return true;
        }
        return clock.millis() - f.lastModified() >= sidecarWaitMillis;
    }
}
