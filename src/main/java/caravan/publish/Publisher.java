package caravan.publish;

import caravan.CrashPoints;
import caravan.DataFolders;
import caravan.archive.SourceKeeper;
import caravan.asset.Asset;
import caravan.asset.AssetCost;
import caravan.asset.AssetStatus;
import caravan.asset.Outputs;
import caravan.cost.FolderSizes;
import caravan.asset.Rendition;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static caravan.asset.ExchangeNames.ASSET_ID;
import static caravan.asset.ExchangeNames.DUPLICATE_OF;

/**
 * Publish: the finished HLS folder is renamed into {@code media/<id>} in one atomic step, so a player sees the
 * whole asset or nothing. Then the asset is READY, its source moves to {@code archive/<id>/}, and the ready
 * event goes out. Every step can run again after a crash without doing anything twice.
 */
public final class Publisher {
    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    /** The average bandwidth of the variant players should start on, listed first (Apple's HLS Authoring Specification). */
    static final long START_BITS_PER_SECOND = 2_000_000;
    /** The GROUP-ID of the audio renditions a video's variants play with. */
    static final String AUDIO_GROUP = "audio";

    private final DataFolders folders;
    private final PublishTarget target;
    private final SourceKeeper keeper;
    private final AssetStore store;
    private final Notifier notifier;
    private final Clock clock;

    public Publisher(DataFolders folders, PublishTarget target, SourceKeeper keeper, AssetStore store, Notifier notifier, Clock clock) {
        this.folders = folders;
        this.target = target;
        this.keeper = keeper;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** True while the asset still needs transcoding (nothing of it published yet). */
    public boolean needsTranscode(@Header(ASSET_ID) String id) {
        return !target.isPublished(id);
    }

    public void publish(@Header(ASSET_ID) String id) throws IOException {
        store.update(id, a -> a.setStatus(AssetStatus.PUBLISHING));
        Path finished = folders.transcodeOutput(id);
        Path finishedMaster = finished.resolve("master.m3u8");
        boolean toPublish = !target.isPublished(id) && Files.isRegularFile(finishedMaster);
        if (toPublish) {
            PlayableLadder.check(finished);
        }
        List<Rendition> renditions = MasterPlaylist.renditions(Files.isRegularFile(finishedMaster)
                ? Files.readString(finishedMaster, StandardCharsets.UTF_8) : target.masterPlaylist(id));
        if (toPublish) { // last edit before publishing; the asset's renditions keep the ladder's order
            List<Outputs.AudioRendition> audio = store.find(id).map(a -> Outputs.orNone(a.getOutputs()).audio()).orElse(null);
            String edited = MasterPlaylistEdits.withClosedCaptionsNone(MasterPlaylistEdits.withDefaultVariantFirst(
                    MasterPlaylistEdits.withAudioRenditions(Files.readString(finishedMaster, StandardCharsets.UTF_8), AUDIO_GROUP, audio),
                    START_BITS_PER_SECOND));
            AudioPlaylists.markIndependent(finished, edited);
            Files.writeString(finishedMaster, MasterPlaylistEdits.withIndependentSegments(edited, finished), StandardCharsets.UTF_8);
        }
        long mediaBytes = toPublish ? FolderSizes.of(finished) : 0; // what an upload to the output bucket stores
        String master = target.isPublished(id) ? target.masterLocation(id) : target.publish(id, finished);
        CrashPoints.reached(CrashPoints.PUBLISHED);
        mediaBytes = Files.isDirectory(folders.published(id)) ? FolderSizes.of(folders.published(id)) : mediaBytes;
        Asset archived = store.find(id).orElseThrow();
        keeper.archive(archived); // before READY: a ready asset's source is already archived
        AssetCost.Stored stored = new AssetCost.Stored(mediaBytes, Files.isDirectory(folders.archive().resolve(id))
                ? FolderSizes.of(folders.archive().resolve(id)) : archived.getSource().size());
        Instant now = clock.instant();
        Asset ready = notifier.recordOutcome(store, id, a -> {
            AssetCost cost = AssetCost.of(a.getCost());
            a.setCost(cost.withStored(stored.media() > 0 ? stored : new AssetCost.Stored(cost.bytesStored().media(), stored.archive())));
            a.setStatus(AssetStatus.READY);
            a.setProgress(100);
            a.setRenditions(Rendition.withMeasuredQuality(renditions, a.getRenditions()));
            a.setMaster(master);
            a.setReadyAt(now);
            a.setTimeToReadyMs(Duration.between(a.getDetectedAt(), now).toMillis());
        }, Event.READY);
        LOG.info("Asset {} is READY with {} renditions in {} ms", id, renditions.size(), ready.getTimeToReadyMs());
    }

    /** Same content as an asset already READY: link to it instead of transcoding again. */
    public void linkDuplicate(@Header(ASSET_ID) String id, @Header(DUPLICATE_OF) String originalId) throws IOException {
        keeper.archive(store.find(id).orElseThrow());
        notifier.recordOutcome(store, id, a -> {
            a.setStatus(AssetStatus.DUPLICATE);
            a.setDuplicateOf(originalId);
        }, Event.DUPLICATE);
        LOG.info("Asset {} has the same content as {}: linked, not transcoded", id, originalId);
    }
}
