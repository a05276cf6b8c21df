package caravan.ingest;

import caravan.CrashPoints;
import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.SourceFile;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.ops.AssetMdc;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Takes a complete file out of the inbox: records the asset (RECEIVED) under a server-generated id, then moves
 * the file (and its sidecar, if any) into {@code work/<id>/}. From here on the user's file name is only data.
 * If Caravan stops between the two steps, {@link Recovery} finishes the move on the next start.
 */
public final class Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataFolders folders;
    private final AssetStore store;
    private final Notifier notifier;
    private final Clock clock;
    private final InboxBoundary boundary;

    public Intake(DataFolders folders, AssetStore store, Notifier notifier, Clock clock) {
        this.folders = folders;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.boundary = new InboxBoundary(folders.inbox());
    }

    /** Returns the new asset's id. */
    public String accept(String path) throws IOException {
        Path file = Path.of(path);
        String relative = folders.inbox().relativize(file.toAbsolutePath().normalize()).toString();
        long size = Files.isSymbolicLink(file) ? 0 : Files.size(file);
        Instant detected = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        Instant now = clock.instant();
        String id = newId();
        MDC.put(AssetMdc.ASSET_ID, id);
        Asset asset = Asset.received(id, new SourceFile(relative, size, null), detected.isAfter(now) ? now : detected, now);
        store.create(asset);
        CrashPoints.reached(CrashPoints.INTAKE_RECORDED);
        moveIn(id, file);
        notifier.emit(asset, Event.RECEIVED);
        LOG.info("Received asset {} ({} bytes)", id, size);
        return id;
    }

    /** Moves a received file, its sidecar and its caption files into the asset's work folder (idempotent). */
    public void moveIn(String id, Path file) throws IOException {
        if (!boundary.holdsFolderOf(file)) {
            throw new IOException("The file is no longer in a folder of the inbox");
        }
        moveCompanions(folders, boundary, id, file);
        Files.move(file, folders.source(id), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves the sidecar (unless the asset has one already) and the caption files beside {@code video} into the
     * asset's work folder; true if a sidecar moved. The video itself may be gone already ({@link InboxLatePairing}).
     * Only files the inbox really holds move ({@link InboxBoundary}); others are left where they are.
     */
    static boolean moveCompanions(DataFolders folders, InboxBoundary boundary, String id, Path video) throws IOException {
        Files.createDirectories(folders.workDir(id));
        if (!boundary.holdsFolderOf(video)) {
            return false;
        }
        Path sidecar = Sidecars.sidecarOf(video);
        boolean moved = !sidecar.equals(video) && !Files.exists(folders.sidecar(id), LinkOption.NOFOLLOW_LINKS)
                && boundary.holds(sidecar);
        if (moved) {
            Files.move(sidecar, folders.sidecar(id), StandardCopyOption.ATOMIC_MOVE);
        }
        CaptionFiles.moveInto(video, folders.captions(id), boundary);
        return moved;
    }

    public static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "a" + HexFormat.of().formatHex(b);
    }
}
