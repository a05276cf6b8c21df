package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.metadata.MetadataStage;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Late pairing in the inbox: the sidecar and caption files dropped beside the video's name after it was taken move
 * into its work folder. A file of the same name dropped again in the meantime is a new upload, and keeps its
 * companions.
 */
public final class InboxLatePairing implements LatePairing {
    private static final Logger LOG = LoggerFactory.getLogger(InboxLatePairing.class);
    private static final long MAX_WAIT_MILLIS = 20_000;

    private final DataFolders folders;
    private final AssetStore store;
    private final MetadataStage metadata;
    private final Clock clock;
    private final long stableMillis;
    private final InboxBoundary boundary;

    public InboxLatePairing(DataFolders folders, AssetStore store, MetadataStage metadata, Clock clock, long stableMillis) {
        this.folders = folders;
        this.store = store;
        this.metadata = metadata;
        this.clock = clock;
        this.stableMillis = stableMillis;
        this.boundary = new InboxBoundary(folders.inbox());
    }

    @Override
    public void pair(String assetId) throws IOException, InterruptedException {
        Asset asset = store.find(assetId).orElseThrow();
        Path video = folders.inbox().resolve(asset.getSource().name()).normalize();
        if (!boundary.holdsFolderOf(video) || Files.exists(video, LinkOption.NOFOLLOW_LINKS)) {
            return; // its folder is gone or no longer the inbox's (swapped for a link), or the name was dropped again
        }
        List<Path> companions = new ArrayList<>(CaptionFiles.besides(video, boundary));
        Path sidecar = Sidecars.sidecarOf(video);
        if (!Files.exists(folders.sidecar(assetId), LinkOption.NOFOLLOW_LINKS) && boundary.holds(sidecar)) {
            companions.add(sidecar); // one paired at intake is never replaced
        }
        if (companions.isEmpty()) {
            return;
        }
        for (Path companion : companions) {
            awaitQuiet(companion);
        }
        boolean sidecarMoved = Intake.moveCompanions(folders, boundary, assetId, video);
        LOG.info("Paired {} file(s) that arrived after the video", companions.size());
        if (sidecarMoved) {
            metadata.apply(assetId);
        }
    }

    /** Waits until a companion still being written has not changed for the ingest's stable time. */
    private void awaitQuiet(Path file) throws IOException, InterruptedException {
        long deadline = clock.millis() + MAX_WAIT_MILLIS;
        while (clock.millis() < deadline
                && clock.millis() - Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() < stableMillis) {
            Thread.sleep(100);
        }
    }
}
