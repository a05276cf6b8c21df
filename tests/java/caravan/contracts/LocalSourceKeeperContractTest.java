package caravan.contracts;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.archive.LocalSourceKeeper;
import caravan.archive.SourceKeeper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The source keeper contract against the local data folder ({@code failed/<id>/}, {@code archive/<id>/}). */
class LocalSourceKeeperContractTest extends SourceKeeperContract {

    @Override
    protected SourceKeeper newKeeper(DataFolders folders) {
        return new LocalSourceKeeper(folders);
    }

    /** As the inbox intake leaves an upload: moved into {@code work/<id>/source}, its sidecar beside it. */
    @Override
    protected void arrive(Asset asset, byte[] source, byte[] sidecar) throws Exception {
        Files.createDirectories(folders.workDir(asset.getId()));
        Files.write(folders.source(asset.getId()), source);
        if (sidecar != null) {
            Files.write(folders.sidecar(asset.getId()), sidecar);
        }
    }

    @Override
    protected Optional<byte[]> keptReport(Asset asset) throws Exception {
        return read(folders.failed().resolve(asset.getId()).resolve("error.json"));
    }

    @Override
    protected Optional<byte[]> archivedSource(Asset asset) throws Exception {
        String name = asset.getSource().name();
        return read(folders.archive().resolve(asset.getId()).resolve(name.substring(name.lastIndexOf('/') + 1)));
    }

    private static Optional<byte[]> read(Path file) throws Exception {
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }
}
