package caravan.publish;

import caravan.DataFolders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The local media folder: {@code media/<id>/} appears in one atomic rename, master playlist and all. */
public final class FolderTarget implements PublishTarget {
    private final DataFolders folders;

    public FolderTarget(DataFolders folders) {
        this.folders = folders;
    }

    @Override
    public boolean isPublished(String assetId) {
        return Files.isRegularFile(folders.published(assetId).resolve("master.m3u8"));
    }

    @Override
    public String publish(String assetId, Path hlsFolder) throws IOException {
        if (!Files.exists(folders.published(assetId))) {
            Files.move(hlsFolder, folders.published(assetId), StandardCopyOption.ATOMIC_MOVE);
        }
        return masterLocation(assetId);
    }

    @Override
    public String masterPlaylist(String assetId) throws IOException {
        return Files.readString(folders.published(assetId).resolve("master.m3u8"));
    }

    @Override
    public String masterLocation(String assetId) {
        return folders.root().relativize(folders.published(assetId).resolve("master.m3u8")).toString();
    }
}
