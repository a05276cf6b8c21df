package caravan.ops.health;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The disk holding the data folder (work area, published media) has at least the configured free space. */
public final class DiskSpaceCheck extends DependencyCheck {
    private final Path dataFolder;
    private final long minFreeBytes;

    public DiskSpaceCheck(Path dataFolder, long minFreeBytes) {
        super("caravan-disk");
        this.dataFolder = dataFolder;
        this.minFreeBytes = minFreeBytes;
    }

    @Override
    protected String problem() throws IOException {
        long free = Files.getFileStore(dataFolder).getUsableSpace();
        if (free >= minFreeBytes) {
            return null;
        }
        return "Only " + mib(free) + " MiB free on the disk of " + dataFolder + "; at least " + mib(minFreeBytes)
                + " MiB are needed (caravan.health.minFreeBytes)";
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }
}
