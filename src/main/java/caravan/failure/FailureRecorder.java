package caravan.failure;

import caravan.DataFolders;
import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.asset.AssetView;
import caravan.asset.Json;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.publish.KeptNames;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;

import static caravan.metadata.MetadataStage.ASSET_ID;

/**
 * The dead-letter channel's one job: the asset becomes FAILED with a code, a message and the number of attempts;
 * its source (and sidecar) move to {@code failed/} with an {@code .error.json} report beside them; the failed event
 * goes out. It never throws back into the pipeline.
 */
public final class FailureRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);

    private final DataFolders folders;
    private final AssetStore store;
    private final Notifier notifier;
    private final Clock clock;

    public FailureRecorder(DataFolders folders, AssetStore store, Notifier notifier, Clock clock) {
        this.folders = folders;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
    }

    public void record(Exchange exchange) {
        String id = exchange.getIn().getHeader(ASSET_ID, String.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempts = 1 + AttemptCounter.redeliveries(exchange);
        AssetError error = describe(cause, attempts);
        if (cause instanceof RejectedInput) {
            LOG.warn("Asset {} FAILED: {} {}", id, error.code(), error.message());
        } else {
            LOG.error("Asset {} FAILED after {} attempt(s): {}", id, attempts, error.code(), cause);
        }
        if (id == null) {
            return;
        }
        try {
            Asset failed;
            failed = store.update(id, a -> {
                a.setStatus(AssetStatus.FAILED);
                a.setError(error);
            });
            String keptAt = keepSource(failed);
            if (keptAt != null) {
                failed = store.update(id, a -> a.setKeptAt(keptAt));
            }
            notifier.emit(failed, Event.FAILED);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not record the failure of asset {}; it will be recovered on restart", id, e);
        }
    }

    static AssetError describe(Throwable cause, int attempts) {
        if (cause instanceof RejectedInput r) {
            return new AssetError(r.code().name(), r.getMessage(), attempts);
        }
        if (cause instanceof TranscodeFailed t) {
            return new AssetError(ErrorCode.TRANSCODE_FAILED.name(), "Transcoding failed. " + t.getMessage(), attempts);
        }
        return new AssetError(ErrorCode.INTERNAL_ERROR.name(), "An internal error stopped the pipeline ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                + "). The source is kept; the asset can be retried.", attempts);
    }

    /** Moves the source (and sidecar) to failed/ with a report; returns where it was kept, relative to the data folder. */
    private String keepSource(Asset asset) throws IOException {
        Path work = folders.workDir(asset.getId());
        if (!Files.exists(work)) {
            return null;
        }
        Path source = folders.source(asset.getId());
        String name = KeptNames.safeFileName(asset.getSource().name());
        Path kept = folders.failed().resolve(name);
        if (Files.exists(kept, LinkOption.NOFOLLOW_LINKS) || Files.exists(report(kept))) {
            int dot = name.lastIndexOf('.');
            String unique = dot > 0 ? name.substring(0, dot) + "-" + asset.getId() + name.substring(dot) : name + "-" + asset.getId();
            kept = folders.failed().resolve(unique);
        }
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(source, kept, StandardCopyOption.ATOMIC_MOVE);
        }
        Path sidecar = folders.sidecar(asset.getId());
        if (Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
            Files.move(sidecar, keptSidecar(kept), StandardCopyOption.REPLACE_EXISTING);
        }
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("assetId", asset.getId());
        report.put("failedAt", clock.instant().toString());
        report.put("keptAs", folders.root().relativize(kept).toString());
        report.set("error", Json.MAPPER.valueToTree(asset.getError()));
        report.set("asset", Json.MAPPER.valueToTree(AssetView.of(asset)));
        Files.write(report(kept), Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        DataFolders.deleteTree(work);
        return folders.root().relativize(kept).toString();
    }

    static Path report(Path kept) {
        return kept.resolveSibling(kept.getFileName() + ".error.json");
    }

    static Path keptSidecar(Path kept) {
        String name = kept.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return kept.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".json");
    }
}
