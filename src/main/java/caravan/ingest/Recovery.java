package caravan.ingest;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.failure.ErrorCode;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;

/**
 * After a crash: stops ffmpeg/ffprobe processes a previous run left behind, finishes interrupted intakes, and
 * lists the assets to run through the pipeline again. Every stage is safe to repeat, so resuming means restarting
 * the asset's pipeline from its kept source (a published asset skips straight to publishing).
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
    private static final EnumSet<AssetStatus> UNFINISHED =
            EnumSet.of(AssetStatus.RECEIVED, AssetStatus.PROBING, AssetStatus.TRANSCODING, AssetStatus.PUBLISHING);

    private final DataFolders folders;
    private final AssetStore store;
    private final Intake intake;
    private final Notifier notifier;
    private final InboxBoundary boundary;
    private List<String> toResume = List.of();

    public Recovery(DataFolders folders, AssetStore store, Intake intake, Notifier notifier) {
        this.folders = folders;
        this.store = store;
        this.intake = intake;
        this.notifier = notifier;
        this.boundary = new InboxBoundary(folders.inbox());
    }

    /** Runs before any route starts, so the inbox consumer never sees a file that an interrupted intake owns. */
    public void reconcile() {
        stopLeftoverProcesses();
        List<String> ids = new ArrayList<>();
        for (Asset asset : store.findByStatus(UNFINISHED)) {
            String id = asset.getId();
            boolean haveSource = Files.exists(folders.source(id), LinkOption.NOFOLLOW_LINKS);
            boolean published = Files.exists(folders.published(id).resolve("master.m3u8"));
            if (!haveSource && !published) {
                Path inInbox = folders.inbox().resolve(asset.getSource().name()).normalize();
                try {
                    if (boundary.holdsFolderOf(inInbox) && Files.exists(inInbox, LinkOption.NOFOLLOW_LINKS)) {
                        intake.moveIn(id, inInbox);
                        haveSource = true;
                    }
                } catch (IOException e) {
                    intake.moveFailed(id, inInbox, e); // still in the inbox: the consumer tries again and reuses the asset
                    continue;
                }
            }
            if (haveSource || published) {
                notifier.emit(asset, Event.RECEIVED); // once per run: a no-op if it was recorded before the crash
                ids.add(id);
            } else {
                Asset failed = store.update(id, a -> {
                    a.setStatus(AssetStatus.FAILED);
                    a.setError(new AssetError(ErrorCode.SOURCE_MISSING.name(),
                            "The uploaded file disappeared before it could be processed.", 1));
                });
                notifier.emit(failed, Event.FAILED);
            }
        }
        if (!ids.isEmpty()) {
            LOG.info("Resuming {} unfinished asset(s) after a restart", ids.size());
        }
        toResume = ids;
    }

    /** The assets {@link #reconcile()} found unfinished, once. */
    public synchronized List<String> resume() {
        List<String> ids = toResume;
        toResume = List.of();
        return ids;
    }

    /** Stops ffmpeg/ffprobe processes that a killed run of this worker left working on its work folder. */
    public void stopLeftoverProcesses() {
        String marker = "file:" + folders.work();
        ProcessHandle.allProcesses()
                .filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(args -> Arrays.stream(args).anyMatch(a -> a.startsWith(marker))).orElse(false))
                .forEach(p -> {
                    LOG.warn("Stopping a leftover media process (pid {}) from a previous run", p.pid());
                    p.destroyForcibly();
                });
    }
}
