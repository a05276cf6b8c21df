package caravan.publish;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where finished HLS goes: a local folder (renamed into place in one step) or an S3 bucket (every object written,
 * the master playlist last). Either way a player never sees half an asset, and publishing again is harmless.
 */
public interface PublishTarget {

    boolean isPublished(String assetId);

    /** Publishes the finished folder; returns where the master playlist now is. */
    String publish(String assetId, Path hlsFolder) throws IOException;

    /** The text of an already published master playlist. */
    String masterPlaylist(String assetId) throws IOException;

    /** The master playlist's location for an asset already published. */
    String masterLocation(String assetId);
}
