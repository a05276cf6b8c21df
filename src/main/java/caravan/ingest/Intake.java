package caravan.ingest;

import caravan.CrashPoints;
import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.asset.ExchangeNames;
import caravan.asset.SourceFile;
import caravan.failure.ErrorCode;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
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
 * If Caravan stops between the two steps, {@link Recovery} finishes the move on the next start. If the move fails
 * (a folder Caravan may not change, an inbox on another file system), the file stays in the inbox and keeps its one
 * asset: later tries reuse it, backing off per file ({@link BlockedIntakes}), and the problem is reported once.
 */
public final class Intake {
    private static final Logger LOG = LoggerFactory.getLogger(Intake.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The error code of an asset whose file cannot be moved out of the inbox yet (it stays RECEIVED). */
    public static final String BLOCKED = ErrorCode.INTAKE_BLOCKED.name();
    private static final String BLOCKED_MESSAGE = "The file cannot be moved out of the inbox yet (its folder may not be changed,"
            + " or the inbox is on another file system than the data folder); it stays there and is tried again automatically.";

    private final DataFolders folders;
    private final AssetStore store;
    private final Notifier notifier;
    private final Clock clock;
    private final InboxBoundary boundary;
    private final BlockedIntakes blocked = new BlockedIntakes();

    public Intake(DataFolders folders, AssetStore store, Notifier notifier, Clock clock) {
        this.folders = folders;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.boundary = new InboxBoundary(folders.inbox());
    }

    /**
     * Returns the asset's id, or null if the file cannot be moved in yet: it then stays in the inbox, its asset
     * RECEIVED with {@link #BLOCKED} in its error, and later offers of the same file reuse that asset, tried no more
     * often than {@link BlockedIntakes} allows. The first failed move is logged as a warning, the next ones are not.
     */
    public String accept(String path) throws IOException {
        Path file = Path.of(path).toAbsolutePath().normalize();
        Instant now = clock.instant();
        failVanished();
        BlockedIntakes.Blocked before = blocked.of(file).filter(b -> stillReceived(b.assetId())).orElse(null);
        if (before == null) {
            blocked.forget(file);
        } else if (!before.due(now)) {
            return null;
        }
        Asset asset = before == null ? record(file, now) : store.find(before.assetId()).orElseThrow();
        String id = asset.getId();
        MDC.put(ExchangeNames.LOG_ASSET_ID, id);
        if (before == null) {
            CrashPoints.reached(CrashPoints.INTAKE_RECORDED);
        }
        try {
            moveIn(id, file);
        } catch (IOException e) {
            moveFailed(id, file, e);
            return null;
        }
        if (before != null) {
            blocked.forget(file);
            asset = store.update(id, a -> a.setError(null));
            LOG.info("Asset {} moved out of the inbox after {} failed attempt(s)", id, before.failures());
        }
        notifier.emit(asset, Event.RECEIVED);
        LOG.info("Received asset {} ({} bytes)", id, asset.getSource().size());
        return id;
    }

    private Asset record(Path file, Instant now) throws IOException {
        String relative = folders.inbox().relativize(file).toString();
        long size = Files.isSymbolicLink(file) ? 0 : Files.size(file);
        Instant detected = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        String id = newId();
        Asset asset = Asset.received(id, new SourceFile(relative, size, null), detected.isAfter(now) ? now : detected, now);
        store.create(asset);
        return asset;
    }

    /**
     * Records that {@code file} could not be moved in for asset {@code id}: the asset stays RECEIVED with the code
     * {@link #BLOCKED} and the count of attempts in its error (seen in the API), the file stays in the inbox, and the
     * next offer of it after its back-off reuses the asset. Also used by {@link Recovery} after a restart.
     */
    void moveFailed(String id, Path file, IOException e) {
        BlockedIntakes.Blocked b = blocked.failed(file.toAbsolutePath().normalize(), id, clock.instant());
        store.update(id, a -> a.setError(new AssetError(BLOCKED, BLOCKED_MESSAGE, b.failures())));
        if (b.failures() == 1) {
            LOG.warn("{}: asset {} cannot be moved out of the inbox ({}); the file stays there, the asset RECEIVED,"
                    + " and it is tried again after {} s, then less and less often (at most every {} s)",
                    BLOCKED, id, reason(e), BlockedIntakes.FIRST_WAIT.toSeconds(), BlockedIntakes.MAX_WAIT.toSeconds());
        } else {
            LOG.debug("{}: asset {} still cannot be moved out of the inbox ({}), attempt {}", BLOCKED, id, reason(e), b.failures());
        }
    }

    /** A blocked file removed from the inbox before it could be taken: its asset fails as its source is missing. */
    private void failVanished() {
        for (BlockedIntakes.Blocked gone : blocked.removeVanished()) {
            if (!stillReceived(gone.assetId())) {
                continue;
            }
            Asset failed = store.update(gone.assetId(), a -> {
                a.setStatus(AssetStatus.FAILED);
                a.setError(new AssetError(ErrorCode.SOURCE_MISSING.name(),
                        "The uploaded file disappeared before it could be processed.", gone.failures()));
            });
            notifier.emit(failed, Event.FAILED);
            LOG.warn("Asset {} failed: its file left the inbox before it could be moved in", gone.assetId());
        }
    }

    private boolean stillReceived(String id) {
        return store.find(id).map(a -> a.getStatus() == AssetStatus.RECEIVED).orElse(false);
    }

    /** Why a move failed, without the paths a file system exception carries in its message. */
    private static String reason(IOException e) {
        if (e instanceof AtomicMoveNotSupportedException) {
            return "the inbox is on another file system than the data folder's work/";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getClass().getSimpleName();
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
