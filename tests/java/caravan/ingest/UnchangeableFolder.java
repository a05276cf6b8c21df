package caravan.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Makes a real folder whose files cannot be moved out, the way an operator's mistake would: immutable
 * ({@code chattr +i}) when the tests run as root, which ignores modes, read-only (0555) otherwise.
 */
public final class UnchangeableFolder {
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private UnchangeableFolder() {
    }

    /** Locks {@code folder}; false if this machine offers no way to (the caller then skips its test). */
    public static boolean lock(Path folder) throws IOException, InterruptedException {
        if (ROOT) {
            return chattr("+i", folder) && refusesChanges(folder);
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        return refusesChanges(folder);
    }

    public static void unlock(Path folder) throws IOException, InterruptedException {
        if (ROOT) {
            chattr("-i", folder);
        } else {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean chattr(String flag, Path folder) throws IOException, InterruptedException {
        try {
            Process p = new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        }
    }

    private static boolean refusesChanges(Path folder) {
        try {
            Files.delete(Files.createFile(folder.resolve(".probe")));
            return false;
        } catch (IOException refused) {
            return true;
        }
    }
}
