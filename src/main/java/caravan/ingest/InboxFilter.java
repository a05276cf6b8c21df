package caravan.ingest;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which inbox files are ready to be taken. Hidden and partial files ({@code .name}, {@code *.part}, {@code *.tmp},
 * {@code *.crdownload}) are never taken, so an uploader can write under such a name and rename when done.
 * Sidecars ({@code *.json}) and caption files ({@code *.vtt}, {@code *.srt}) travel with their video and are not
 * taken alone: those beside a video when it is taken go with it, and those dropped while it is in the pipeline
 * are paired by {@link InboxLatePairing}. (The consumer's read lock separately waits until the file is no longer
 * being written.)
 * Subfolders are walked, but a link to a folder is never followed: it could lead anywhere on the machine.
 */
public final class InboxFilter implements GenericFileFilter<File> {
    private static final Logger LOG = LoggerFactory.getLogger(InboxFilter.class);
    private final Set<Path> linksReported = ConcurrentHashMap.newKeySet();

    @Override
    public boolean accept(GenericFile<File> file) {
        String name = file.getFileNameOnly();
        if (name.startsWith(".")) {
            return false;
        }
        if (file.isDirectory()) {
            return !isLinkToFolder(file);
        }
        return !isPartial(name) && !Sidecars.isCompanion(name);
    }

    /** An upload still being written under a temporary name. */
    static boolean isPartial(String name) {
        String lower = name.toLowerCase();
        return lower.endsWith(".part") || lower.endsWith(".tmp") || lower.endsWith(".crdownload");
    }

    private boolean isLinkToFolder(GenericFile<File> dir) {
        Path path = dir.getFile().toPath();
        if (!Files.isSymbolicLink(path)) {
            return false;
        }
        if (linksReported.add(path)) {
            LOG.warn("A link to a folder in the inbox is not followed (links never are); list them with: find {} -type l",
                    dir.getEndpointPath());
        }
        return true;
    }
}
