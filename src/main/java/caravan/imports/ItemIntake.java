package caravan.imports;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.asset.Json;
import caravan.asset.SourceFile;
import caravan.failure.ErrorCode;
import caravan.ingest.Intake;
import caravan.keys.SecretFiles;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Brings one manifest line into the pipeline as an inbox upload would arrive: the asset id is chosen and recorded on
 * the line first; the source is copied (or fetched from S3) into {@code work/<id>/source}, hashed on the way; a line
 * whose external id or content is already here (live or READY) is SKIPPED_ALREADY_IMPORTED and its copy removed;
 * otherwise the sidecar (external id and the opened metadata) is written beside it and only then the asset recorded
 * RECEIVED. So after a crash an asset either exists with its source and sidecar in place (and {@code Recovery} runs it
 * again) or does not exist (and the line is fed again, under the same id): one asset per line, whatever happens.
 */
public final class ItemIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ItemIntake.class);
    /** An asset with the same external id or content in one of these is already imported. */
    static final Set<AssetStatus> ALREADY_HERE = EnumSet.of(AssetStatus.RECEIVED, AssetStatus.PROBING, AssetStatus.TRANSCODING,
            AssetStatus.PUBLISHING, AssetStatus.READY);

    private final DataFolders folders;
    private final AssetStore store;
    private final Imports imports;
    private final ImportSealing sealing;
    private final SourceFetcher fetcher;
    private final Notifier notifier;
    private final Clock clock;

    public ItemIntake(DataFolders folders, AssetStore store, Imports imports, ImportSealing sealing, SourceFetcher fetcher,
                      Notifier notifier, Clock clock) {
        this.folders = folders;
        this.store = store;
        this.imports = imports;
        this.sealing = sealing;
        this.fetcher = fetcher;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** Feeds one QUEUED or FEEDING line; returns the asset id to queue for the pipeline, or empty when nothing is to run. */
    public Optional<String> feed(ImportItem item) {
        String id = item.assetId();
        if (id != null && store.find(id).isPresent()) {
            // recorded before a crash: Recovery has queued it again (or it is finished); settled like any other
            imports.inPipeline(item);
            return Optional.empty();
        }
        if (item.externalId() != null) {
            Optional<Asset> same = store.findByExternalId(item.externalId())
                    .filter(a -> ALREADY_HERE.contains(a.getStatus()) && !a.getId().equals(item.assetId()));
            if (same.isPresent()) {
                skip(item, same.get().getId(), "An asset with this external id is already here.");
                return Optional.empty();
            }
        }
        if (id == null) {
            id = Intake.newId();
            if (!imports.claim(item, id, clock.millis())) {
                return Optional.empty(); // another worker took the line first
            }
        }
        ImportSource source = ImportSources.of(item.source());
        String sha256;
        long size;
        try {
            Copied copied = copyIn(id, source);
            sha256 = copied.sha256();
            size = copied.size();
        } catch (SourceFetcher.Unavailable e) {
            forget(id);
            imports.finish(item, ItemState.FAILED, null, ErrorCode.SOURCE_MISSING.name(), e.getMessage(), null, clock.millis());
            return Optional.empty();
        } catch (IOException e) {
            forget(id);
            LOG.warn("Import {} line {}: the source could not be copied in ({}); the line failed", item.importId(), item.line(),
                    e.getClass().getSimpleName());
            imports.finish(item, ItemState.FAILED, null, ErrorCode.SOURCE_MISSING.name(),
                    "The source could not be read to the end.", null, clock.millis());
            return Optional.empty();
        }
        String thisId = id;
        Optional<Asset> sameContent = store.findBySha256(sha256, id, ALREADY_HERE).filter(a -> !a.getId().equals(thisId));
        if (sameContent.isPresent()) {
            forget(id);
            skip(item, sameContent.get().getId(), "An asset with the same content is already here.");
            return Optional.empty();
        }
        try {
            writeSidecar(id, item);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot write the sidecar of an import line", e);
        }
        Asset asset = Asset.received(id, new SourceFile(source.name(), size, null), clock.instant(), clock.instant());
        asset.setExternalId(item.externalId());
        store.create(asset);
        imports.inPipeline(item);
        notifier.emit(asset, Event.RECEIVED);
        LOG.info("Import {} line {}: asset {} received ({} bytes)", item.importId(), item.line(), id, size);
        return Optional.of(id);
    }

    /**
     * On AWS, a line whose asset is recorded but whose worker is gone: its source and sidecar are brought into this
     * worker's work folder again (unless they are here), so the pipeline can run the asset here.
     */
    public void bringBack(ImportItem item) throws IOException {
        String id = item.assetId();
        if (!Files.exists(folders.source(id))) {
            copyIn(id, ImportSources.of(item.source()));
        }
        if (!Files.exists(folders.sidecar(id))) {
            writeSidecar(id, item);
        }
    }

    private record Copied(String sha256, long size) {
    }

    /** The source streamed into {@code work/<id>/source} (never held in memory), hashed on the way. */
    private Copied copyIn(String id, ImportSource source) throws IOException {
        Files.createDirectories(folders.workDir(id));
        Path part = folders.workDir(id).resolve("source.part");
        String sha256;
        long size;
        try (InputStream in = fetcher.open(source)) {
            MessageDigest digest = sha256();
            try (InputStream hashing = new DigestInputStream(in, digest); OutputStream out = Files.newOutputStream(part)) {
                size = hashing.transferTo(out);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        }
        Files.move(part, folders.source(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return new Copied(sha256, size);
    }

    private void writeSidecar(String id, ImportItem item) throws IOException {
        if (item.externalId() == null && item.sealedMetadata() == null) {
            return;
        }
        ObjectNode sidecar = sealing.open(item.importId(), item.line(), item.sealedMetadata());
        if (item.externalId() != null) {
            sidecar.put("externalId", item.externalId());
        }
        SecretFiles.writeOwnerOnly(folders.sidecar(id), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(sidecar));
    }

    private void skip(ImportItem item, String existing, String reason) {
        imports.finish(item, ItemState.SKIPPED_ALREADY_IMPORTED, existing, null, reason, null, clock.millis());
    }

    private void forget(String id) {
        try {
            if (Files.exists(folders.workDir(id), LinkOption.NOFOLLOW_LINKS)) {
                DataFolders.deleteTree(folders.workDir(id));
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the work folder of a skipped import line ({})", e.getClass().getSimpleName());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
