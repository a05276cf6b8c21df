package caravan;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The local data layout under {@code CARAVAN_DATA}: {@code inbox/} (drop here), {@code work/<id>/} (the pipeline's
 * own copy while it works), {@code media/<id>/} (published HLS), {@code failed/} (rejected sources and reports),
 * {@code archive/<id>/} (sources of ready assets), and the database and key files.
 *
 * <p>The folder holds patients' videos and their metadata, so it is its owner's only: created 0700 whatever the
 * umask, and on every start a folder that other accounts can enter is closed again (0700) or, when it belongs to
 * somebody else, refused. Everything below is then out of other accounts' reach whatever its own mode (ffmpeg and
 * file moves keep the umask's or the uploader's modes); {@link #restrict} narrows those too, as the pipeline goes.
 */
public record DataFolders(Path root) {
    private static final Logger LOG = LoggerFactory.getLogger(DataFolders.class);
    static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public static DataFolders create(Path root) {
        DataFolders f = new DataFolders(root.toAbsolutePath().normalize());
        try {
            Files.createDirectories(f.root(), ownerOnly(OWNER_DIR));
            f.closeToOthers();
            for (Path p : new Path[]{f.inbox(), f.work(), f.media(), f.failed(), f.archive()}) {
                Files.createDirectories(p, ownerOnly(OWNER_DIR));
                restrictOne(p);
            }
            // SQLite creates its -wal and -shm files with the database file's mode: so the database starts 0600
            if (!Files.exists(f.database(), LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(f.database(), ownerOnly(OWNER_FILE));
            }
            f.restrictTopLevel();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folders under " + root, e);
        }
        return f;
    }

    /** Start-up check: the data folder must not be open to other accounts; ours is closed again, another's refused. */
    private void closeToOthers() throws IOException {
        if (!POSIX) {
            return;
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(root);
        if (mode.stream().noneMatch(GROUP_OR_OTHER::contains)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(root, OWNER_DIR);
        } catch (FileSystemException notOurs) {
            throw new IllegalStateException("The data folder " + root + " (CARAVAN_DATA) is " + PosixFilePermissions.toString(mode)
                    + " and cannot be changed by this account: other accounts can reach patients' files. Make it rwx------"
                    + " (chmod 700) and owned by the account Caravan runs as.", notOurs);
        }
        LOG.warn("The data folder {} was {}, open to other accounts; it is now rwx------", root, PosixFilePermissions.toString(mode));
    }

    /**
     * Makes what lies directly in the data folder owner-only (the database and its -wal and -shm, key files, the
     * public key too): on start, and again once start-up has written its files.
     */
    public void restrictTopLevel() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            for (Path p : entries.toList()) {
                restrictOne(p);
            }
        }
    }

    /**
     * Makes a file or a folder and everything in it its owner's only (files 0600, folders 0700). Links are neither
     * followed nor changed; files that vanish meanwhile (the pipeline moves them) are skipped.
     */
    public static void restrict(Path tree) throws IOException {
        if (!POSIX || !Files.exists(tree, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                restrictOne(dir);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                restrictOne(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    private static void restrictOne(Path p) throws IOException {
        if (!POSIX || Files.isSymbolicLink(p) || !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            if (mode.stream().anyMatch(GROUP_OR_OTHER::contains)) {
                Files.setPosixFilePermissions(p, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? OWNER_DIR : OWNER_FILE);
            }
        } catch (NoSuchFileException gone) {
            // moved or deleted by the pipeline meanwhile
        }
    }

    private static FileAttribute<?>[] ownerOnly(Set<PosixFilePermission> mode) {
        return POSIX ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(mode)} : new FileAttribute<?>[0];
    }

    public Path inbox() { return root.resolve("inbox"); }
    public Path work() { return root.resolve("work"); }
    public Path media() { return root.resolve("media"); }
    public Path failed() { return root.resolve("failed"); }
    public Path archive() { return root.resolve("archive"); }
    public Path database() { return root.resolve("caravan.db"); }

    public Path workDir(String assetId) { return work().resolve(assetId); }
    public Path source(String assetId) { return workDir(assetId).resolve("source"); }
    public Path sidecar(String assetId) { return workDir(assetId).resolve("sidecar.json"); }
    /** Caption files that came with the upload, under names of Caravan's own ({@code 01.en.vtt}). */
    public Path captions(String assetId) { return workDir(assetId).resolve("captions"); }
    public Path transcodeOutput(String assetId) { return workDir(assetId).resolve("hls"); }
    public Path progressFile(String assetId) { return workDir(assetId).resolve("progress.txt"); }
    public Path published(String assetId) { return media().resolve(assetId); }

    /**
     * Deletes a folder and everything in it (links are removed, never followed). Files that another worker removes or
     * adds meanwhile (a chunk of the same asset still ending when the asset fails) do not stop it: a vanished file is
     * skipped, and the walk is repeated a few times while files keep appearing.
     */
    public static void deleteTree(Path dir) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                deleteTreeOnce(dir);
                return;
            } catch (java.nio.file.DirectoryNotEmptyException | java.io.UncheckedIOException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private static void deleteTreeOnce(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // the folder itself went while the walk started: nothing left to delete
        }
    }
}
