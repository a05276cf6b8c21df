package caravan.failure;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.publish.KeptNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Sources on the local disk: a failed one moves to {@code failed/<name>} with {@code <name>.error.json} (and
 * {@code <base>.json} for its sidecar, {@code <name>.captions/} for its caption files) beside it, a done one to
 * {@code archive/<id>/}.
 */
public final class LocalSourceKeeper implements SourceKeeper {
    private final DataFolders folders;

    public LocalSourceKeeper(DataFolders folders) {
        this.folders = folders;
    }

    @Override
    public String keepFailed(Asset asset, byte[] report) throws IOException {
        Path work = folders.workDir(asset.getId());
        if (!Files.exists(work)) {
            return null;
        }
        String name = KeptNames.safeFileName(asset.getSource().name());
        Path kept = folders.failed().resolve(name);
        if (Files.exists(kept, LinkOption.NOFOLLOW_LINKS) || Files.exists(report(kept))) {
            int dot = name.lastIndexOf('.');
            kept = folders.failed().resolve(dot > 0 ? name.substring(0, dot) + "-" + asset.getId() + name.substring(dot)
                    : name + "-" + asset.getId());
        }
        Path source = folders.source(asset.getId());
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(source, kept, StandardCopyOption.ATOMIC_MOVE);
        }
        Path sidecar = folders.sidecar(asset.getId());
        if (Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(sidecar, sidecarOf(kept), StandardCopyOption.REPLACE_EXISTING);
        }
        moveCaptions(folders.captions(asset.getId()), captionsOf(kept));
        Files.write(report(kept), report);
        DataFolders.deleteTree(work);
        return folders.root().relativize(kept).toString();
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
        moveCaptions(folders.captions(asset.getId()), archive.resolve("captions"));
        DataFolders.deleteTree(work);
    }

    @Override
    public boolean restore(Asset asset) throws IOException {
        Path kept = asset.getKeptAt() == null ? null : folders.root().resolve(asset.getKeptAt()).normalize();
        if (kept == null || !kept.startsWith(folders.failed()) || !Files.exists(kept, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.createDirectories(folders.workDir(asset.getId()));
        Files.move(kept, folders.source(asset.getId()), StandardCopyOption.ATOMIC_MOVE);
        Path sidecar = sidecarOf(kept);
        if (Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(sidecar, folders.sidecar(asset.getId()), StandardCopyOption.ATOMIC_MOVE);
        }
        moveCaptions(captionsOf(kept), folders.captions(asset.getId()));
        Files.deleteIfExists(report(kept));
        return true;
    }

    /** Moves a folder of caption files (links are moved as links, never followed); replaces what is at {@code to}. */
    private static void moveCaptions(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        DataFolders.deleteTree(to);
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    static Path captionsOf(Path kept) {
        return kept.resolveSibling(kept.getFileName() + ".captions");
    }

    static Path report(Path kept) {
        return kept.resolveSibling(kept.getFileName() + ".error.json");
    }

    static Path sidecarOf(Path kept) {
        String name = kept.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return kept.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }
}
