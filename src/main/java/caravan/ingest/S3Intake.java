package caravan.ingest;

import caravan.store.AssetBusy;
import caravan.archive.S3SourceKeeper;
import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.asset.SourceFile;
import caravan.asset.SourceObject;
import caravan.failure.ErrorCode;
import caravan.failure.RejectedInput;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.probe.MediaLimits;
import caravan.store.AssetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import caravan.S3Transfers;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ingest from S3 events: each created object becomes (or resumes) one asset, claimed by upload so duplicate
 * notifications and redelivered messages never make a second one. The object is streamed to the worker's scratch
 * disk, never held in memory, with its {@code NAME.json} sidecar and its caption files ({@code NAME.vtt},
 * {@code NAME.srt}, {@code NAME.<lang>.vtt}) if there are any; ones uploaded later are paired before publishing, by
 * {@link S3LatePairing}. A sidecar's or caption's own event makes no asset. Returns the assets to run now.
 * <p>
 * What an event says is not trusted: an event naming another bucket than the ingest bucket is ignored (a queue
 * policy admits only that bucket's notifications, but anyone who may send to the queue could forge one); the size
 * that counts is the object's own, read with a HEAD before anything is downloaded, and the download asks for exactly
 * the object that was checked (its version, or its ETag), so it cannot be swapped for a larger one in between.
 */
public final class S3Intake {
    private static final Logger LOG = LoggerFactory.getLogger(S3Intake.class);

    private final DataFolders folders;
    private final AssetStore store;
    private final SourceClaims claims;
    private final S3Client s3;
    private final S3Transfers transfers;
    private final Notifier notifier;
    private final Clock clock;
    private final long leaseMillis;
    private final String ingestBucket;
    private final MediaLimits limits;
    private final S3CaptionObjects captions;

    /**
     * @param leaseMillis how long an unfinished asset must have gone without any update before another notification
     *                    may resume it (its worker is presumed gone)
     */
    public S3Intake(DataFolders folders, AssetStore store, SourceClaims claims, S3Client s3, S3Transfers transfers, Notifier notifier,
                    Clock clock, long leaseMillis, String ingestBucket, MediaLimits limits) {
        this.transfers = transfers;
        this.leaseMillis = leaseMillis;
        this.ingestBucket = ingestBucket;
        this.limits = limits;
        this.captions = new S3CaptionObjects(s3, ingestBucket);
        this.folders = folders;
        this.store = store;
        this.claims = claims;
        this.s3 = s3;
        this.notifier = notifier;
        this.clock = clock;
    }

    public List<String> accept(String body) throws IOException, InterruptedException {
        List<String> run = new ArrayList<>();
        for (S3ObjectRef ref : S3EventParser.created(body)) {
            if (!ingestBucket.equals(ref.bucket())) {
                LOG.warn("Ignoring an S3 event for bucket '{}': uploads are taken from the ingest bucket '{}' only", ref.bucket(), ingestBucket);
                continue;
            }
            if (Sidecars.isCompanion(ref.key()) || ref.key().startsWith(S3SourceKeeper.FAILED_PREFIX) || ref.key().endsWith("/")) {
                continue;
            }
            String id = claims.claim(ref.idempotencyKey(), Intake.newId());
            Optional<Asset> existing = store.find(id);
            if (existing.isPresent() && existing.get().getStatus().isOutcome()) {
                LOG.info("Ignoring a repeated notification for {} (asset {} is {})", ref.idempotencyKey(), id, existing.get().getStatus());
                continue;
            }
            if (existing.isPresent() && existing.get().getUpdatedAt() != null
                    && clock.millis() - existing.get().getUpdatedAt().toEpochMilli() < leaseMillis) {
                throw new AssetBusy(id);
            }
            Asset asset = existing.orElse(null);
            if (asset == null) {
                Instant now = clock.instant();
                asset = Asset.received(id, new SourceFile(ref.key(), ref.size(), null), now, now);
                store.create(asset);
            }
            Optional<HeadObjectResponse> object = head(ref.bucket(), ref.key(), ref.versionId());
            Optional<AssetError> refused = refusal(object);
            if (refused.isPresent()) {
                refuse(asset, ref, object, refused.get());
                continue;
            }
            fetch(id, ref, object.get());
            if (existing.isEmpty()) {
                notifier.emit(asset, Event.RECEIVED);
                LOG.info("Received asset {} from s3://{} ({} bytes)", id, ref.bucket(), ref.size());
            } else {
                LOG.info("Resuming asset {} ({}) after a redelivered notification", id, existing.get().getStatus());
            }
            run.add(id);
        }
        return run;
    }

    /** Why the object must not be downloaded, if it must not: gone since the event, empty, or over the size limit. */
    private Optional<AssetError> refusal(Optional<HeadObjectResponse> object) {
        if (object.isEmpty()) {
            return Optional.of(new AssetError(ErrorCode.SOURCE_MISSING.name(), "The uploaded object is no longer in the bucket.", 1));
        }
        try {
            limits.checkSize(object.get().contentLength());
            return Optional.empty();
        } catch (RejectedInput e) {
            return Optional.of(new AssetError(e.code().name(), e.getMessage(), 1));
        }
    }

    /**
     * The asset fails without a byte downloaded, recorded together with its event; the object stays where it was
     * uploaded, which is where it is kept (that version of it, when the bucket keeps versions).
     */
    private void refuse(Asset asset, S3ObjectRef ref, Optional<HeadObjectResponse> checked, AssetError error) {
        notifier.recordOutcome(store, asset.getId(), a -> {
            a.setStatus(AssetStatus.FAILED);
            a.setError(error);
            a.setKeptAt("s3://" + ref.bucket() + "/" + ref.key());
            checked.ifPresent(o -> a.setSourceObject(SourceObject.of(o.versionId(), o.eTag())));
        }, Event.FAILED);
        LOG.warn("Asset {} FAILED before download: {} {}", asset.getId(), error.code(), error.message());
    }

    /**
     * Streams the object (with its sidecar and the caption objects beside it, {@link S3CaptionObjects}) into the
     * asset's work folder, unless this worker already has them. Which object that is (version or ETag) is recorded on
     * the asset first: keeping and archiving act on that one, not on whatever a later upload under the same key made
     * current.
     */
    private void fetch(String id, S3ObjectRef ref, HeadObjectResponse checked) throws IOException, InterruptedException {
        Path source = folders.source(id);
        Files.createDirectories(folders.workDir(id));
        if (!Files.exists(source)) {
            SourceObject object = SourceObject.of(checked.versionId(), checked.eTag());
            store.update(id, a -> a.setSourceObject(object));
            Path part = source.resolveSibling("source.part");
            Files.deleteIfExists(part);
            // exactly the object whose size was checked: its version, or else its ETag (412 if it was replaced)
            // through the transfer manager: a source uploaded in parts comes down in parts, in parallel, straight to disk
            transfers.download(b -> {
                b.bucket(ref.bucket()).key(ref.key());
                if (checked.versionId() != null && !checked.versionId().isBlank() && !"null".equals(checked.versionId())) {
                    b.versionId(checked.versionId());
                } else {
                    b.ifMatch(checked.eTag());
                }
            }, part);
            Files.move(part, source, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        // a sidecar uploaded later is fetched before publishing (S3LatePairing): the upload is not held back for it
        String sidecarKey = sidecarKey(ref.key());
        Optional<HeadObjectResponse> sidecar = head(ref.bucket(), sidecarKey, null);
        if (sidecar.isPresent() && !Files.exists(folders.sidecar(id))) {
            s3.getObject(b -> b.bucket(ref.bucket()).key(sidecarKey), ResponseTransformer.toFile(folders.sidecar(id)));
        }
        captions.fetchInto(ref.key(), folders.captions(id));
    }

    static String sidecarKey(String key) {
        int slash = key.lastIndexOf('/');
        int dot = key.lastIndexOf('.');
        return (dot > slash + 1 ? key.substring(0, dot) : key) + ".json";
    }

    private Optional<HeadObjectResponse> head(String bucket, String key, String versionId) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)
                    .versionId(versionId == null || versionId.isBlank() ? null : versionId)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
