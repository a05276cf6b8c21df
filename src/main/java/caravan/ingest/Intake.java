package caravan.ingest;

import caravan.CrashPoints;
import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.ExchangeNames;
import caravan.asset.SourceFile;
import caravan.notify.Event;
import caravan.notify.Notifier;
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

    public Intake(DataFolders folders, AssetStore store, Notifier notifier, Clock clock) {
        this.folders = folders;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Returns the new asset's id. */
    public String accept(String path) throws IOException {
        Path file = Path.of(path);
        String relative = folders.inbox().relativize(file.toAbsolutePath().normalize()).toString();
        long size = Files.isSymbolicLink(file) ? 0 : Files.size(file);
        Instant detected = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        Instant now = clock.instant();
        String id = newId();
        MDC.put(ExchangeNames.LOG_ASSET_ID, id);
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
        moveCompanions(folders, id, file);
        Files.move(file, folders.source(id), StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Moves the sidecar (unless the asset has one already) and the caption files beside {@code video} into the
     * asset's work folder; true if a sidecar moved. The video itself may be gone already ({@link InboxLatePairing}).
     */
    static boolean moveCompanions(DataFolders folders, String id, Path video) throws IOException {
        Files.createDirectories(folders.workDir(id));
        Path sidecar = Sidecars.sidecarOf(video);
        boolean moved = !sidecar.equals(video) && Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)
                && !Files.exists(folders.sidecar(id), LinkOption.NOFOLLOW_LINKS);
        if (moved) {
            Files.move(sidecar, folders.sidecar(id), StandardCopyOption.ATOMIC_MOVE);
        }
        CaptionFiles.moveInto(video, folders.captions(id));
        return moved;
    }

    public static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return "a" + HexFormat.of().formatHex(b);
    }
}
