package caravan.contracts;

import caravan.DataFolders;
import caravan.publish.FolderTarget;
import caravan.publish.PublishTarget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The publish contract against the local media folder. */
class FolderTargetContractTest extends PublishTargetContract {

    @Override
    protected PublishTarget newTarget(DataFolders folders) {
        return new FolderTarget(folders);
    }

    @Override
    protected Optional<byte[]> publishedFile(String assetId, String relativePath) throws Exception {
        Path file = folders.published(assetId).resolve(relativePath);
        return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }
}
