package caravan.archive;

import caravan.DataFolders;
import caravan.asset.Asset;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * Sources on the local disk. A failed upload gets a folder of its own, {@code failed/<id>/}: the source under its
 * own name, {@code sidecar.json}, {@code captions/} and {@code error.json}. A retry takes back only what is in that
 * folder, so uploads with the same name never share, replace or delete each other's files, however many workers
 * fail them at once. A done one moves to {@code archive/<id>/}. Assets kept before this layout
 * ({@code failed/<name>} with {@code <name>.error.json} beside it) are still restored from there.
 */
public final class LocalSourceKeeper implements SourceKeeper {
    static final String REPORT = "error.json";
    static final String SIDECAR = "sidecar.json";
    static final String CAPTIONS = "captions";
    private static final Set<String> OWN_NAMES = Set.of(REPORT, SIDECAR, CAPTIONS);

    private final DataFolders folders;

    public LocalSourceKeeper(DataFolders folders) {
        this.folders = folders;
    }

    @Override
    public String failedLocation(Asset asset) {
        return folders.root().relativize(keptSource(asset)).toString();
    }

    @Override
    public void keepFailed(Asset asset, byte[] report) throws IOException {
        Path work = folders.workDir(asset.getId());
        if (!Files.exists(work, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Path kept = failedFolder(asset.getId());
        Files.createDirectories(kept);
        Files.write(kept.resolve(REPORT), report); // first: whatever a crash interrupts, the folder says why
        moveIfThere(folders.source(asset.getId()), keptSource(asset));
        moveIfThere(folders.sidecar(asset.getId()), kept.resolve(SIDECAR));
        moveIfThere(folders.captions(asset.getId()), kept.resolve(CAPTIONS));
        DataFolders.deleteTree(work);
    }

    @Override
    public void archive(Asset asset) throws IOException {
        Path work = folders.workDir(asset.getId());
        if (!Files.exists(work)) {
            return;
        }
        Path archive = folders.archive().resolve(asset.getId());
        Files.createDirectories(archive);
        Path source = folders.source(asset.getId());
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(source, archive.resolve(KeptNames.safeFileName(asset.getSource().name())), StandardCopyOption.ATOMIC_MOVE);
        }
        Path sidecar = folders.sidecar(asset.getId());
        if (Files.exists(sidecar)) {
            Files.move(sidecar, archive.resolve("sidecar.json"), StandardCopyOption.REPLACE_EXISTING);
        }
        Path captions = folders.captions(asset.getId());
        if (Files.isDirectory(captions, LinkOption.NOFOLLOW_LINKS)) {
            DataFolders.deleteTree(archive.resolve("captions"));
            Files.move(captions, archive.resolve("captions"), StandardCopyOption.ATOMIC_MOVE);
        }
        DataFolders.deleteTree(work);
    }

    @Override
    public boolean restore(Asset asset) throws IOException {
        String id = asset.getId();
        Path kept = asset.getKeptAt() == null ? null : folders.root().resolve(asset.getKeptAt()).normalize();
        if (kept == null || kept.getParent() == null) {
            return false;
        }
        Path own = failedFolder(id);
        Path sidecar;
        Path captions;
        Path report;
        if (kept.getParent().equals(own)) {
            sidecar = own.resolve(SIDECAR);
            captions = own.resolve(CAPTIONS);
            report = own.resolve(REPORT);
        } else if (kept.getParent().equals(folders.failed()) && !kept.equals(own)) {
            sidecar = Files.isDirectory(own, LinkOption.NOFOLLOW_LINKS) ? own.resolve(SIDECAR) : legacySidecar(kept, id);
            captions = kept.resolveSibling(kept.getFileName() + ".captions");
            report = kept.resolveSibling(kept.getFileName() + ".error.json");
        } else {
            return false;
        }
        boolean interrupted = Files.exists(folders.source(id), LinkOption.NOFOLLOW_LINKS); // a restore cut short by a crash
        if (!interrupted && !Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.createDirectories(folders.workDir(id));
        moveIfThere(kept, folders.source(id));
        moveIfThere(sidecar, folders.sidecar(id));
        if (Files.isDirectory(captions, LinkOption.NOFOLLOW_LINKS)) {
            moveIfThere(captions, folders.captions(id));
        }
        Files.deleteIfExists(report);
        try {
            Files.deleteIfExists(own);
        } catch (DirectoryNotEmptyException e) {
            // something else was put there by hand: it stays
        }
        return true;
    }

    private Path failedFolder(String assetId) {
        return folders.failed().resolve(assetId);
    }

    /** The source under its own (safe) name in its folder; a name the folder uses itself gets a prefix. */
    private Path keptSource(Asset asset) {
        String name = KeptNames.safeFileName(asset.getSource().name());
        return failedFolder(asset.getId()).resolve(OWN_NAMES.contains(name.toLowerCase()) ? "source-" + name : name);
    }

    /**
     * The old layout kept a sidecar as {@code failed/<base>.json}, which a second upload with the same base name could
     * replace: it is taken back only when no other kept source shares that base name, otherwise the retry is refused
     * with what to do.
     */
    private Path legacySidecar(Path kept, String id) throws IOException {
        String name = kept.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        Path sidecar = kept.resolveSibling(base + ".json");
        if (!Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            return sidecar;
        }
        try (DirectoryStream<Path> everything = Files.newDirectoryStream(folders.failed())) {
            for (Path other : everything) {
                String otherName = other.getFileName().toString();
                if (otherName.startsWith(base + ".") && otherName.endsWith(".error.json") && !otherName.equals(name + ".error.json")) {
                    throw new NotRetryable("Another kept upload is also named " + base
                            + ", so failed/" + base + ".json may be its sidecar: put this asset's sidecar at failed/" + id
                            + "/sidecar.json (or create an empty folder failed/" + id + "/ to retry without one), then retry.");
                }
            }
        }
        return sidecar;
    }

    /** Moves a file, link (as a link) or folder; never replaces what is at {@code to}. */
    private static void moveIfThere(Path from, Path to) throws IOException {
        if (Files.exists(from, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(from, to);
        }
    }
}
