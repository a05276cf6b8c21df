package caravan.failure;

import caravan.archive.SourceKeeper;
import caravan.CrashPoints;
import caravan.asset.Asset;
import caravan.asset.AssetError;
import caravan.asset.AssetStatus;
import caravan.asset.AssetView;
import caravan.asset.Json;
import caravan.notify.Event;
import caravan.notify.Notifier;
import caravan.store.AssetStore;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;

import static caravan.asset.ExchangeNames.ASSET_ID;

/**
 * The dead-letter channel's one job: where the source will be kept is recorded, the source (and sidecar, captions)
 * are kept there with an error report beside them, then the asset becomes FAILED with a code, a message and the
 * number of attempts, and the failed event goes out.
 * It never throws back into the pipeline. A job interrupted by a shutdown is not a failure: it is left as it is,
 * and the next start resumes it.
 */
public final class FailureRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(FailureRecorder.class);

    private final AssetStore store;
    private final SourceKeeper keeper;
    private final Notifier notifier;
    private final Clock clock;

    public FailureRecorder(AssetStore store, SourceKeeper keeper, Notifier notifier, Clock clock) {
        this.store = store;
        this.keeper = keeper;
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
        } else if (cause instanceof TranscodeFailed t && t.whenExhausted() != null) {
            LOG.warn("Asset {} FAILED after {} attempt(s): {} {} ({})", id, attempts, error.code(), error.message(), t.getMessage());
        } else {
            LOG.error("Asset {} FAILED after {} attempt(s): {}", id, attempts, error.code(), cause);
        }
        if (id == null) {
            return;
        }
        if (exchange.getContext().isStopping() && !(cause instanceof RejectedInput)) {
            LOG.info("Asset {} was interrupted by the shutdown; it is handed back and resumes on the next start", id);
            return;
        }
        try {
            // where the source goes is on record before it moves: a crash in between never loses it
            Asset failing = store.update(id, a -> a.setKeptAt(keeper.failedLocation(a))).copy();
            failing.setStatus(AssetStatus.FAILED);
            failing.setError(error);
            keeper.keepFailed(failing, report(failing));
            CrashPoints.reached(CrashPoints.FAILURE_KEPT);
            notifier.recordOutcome(store, id, a -> {
                a.setStatus(AssetStatus.FAILED);
                a.setError(error);
            }, Event.FAILED);
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not record the failure of asset {}; it will be recovered on restart", id, e);
        }
    }

    static AssetError describe(Throwable cause, int attempts) {
        if (cause instanceof RejectedInput r) {
            return new AssetError(r.code().name(), r.getMessage(), attempts);
        }
        if (cause instanceof TranscodeFailed t && t.whenExhausted() != null) {
            return new AssetError(t.whenExhausted().code().name(), t.whenExhausted().getMessage(), attempts);
        }
        if (cause instanceof TranscodeFailed t) {
            return new AssetError(ErrorCode.TRANSCODE_FAILED.name(), t.userMessage(), attempts);
        }
        return new AssetError(ErrorCode.INTERNAL_ERROR.name(), "An internal error stopped the pipeline ("
                + (cause == null ? "unknown" : cause.getClass().getSimpleName())
                + "). The source is kept; the asset can be retried.", attempts);
    }

    private byte[] report(Asset asset) throws IOException {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("assetId", asset.getId());
        report.put("failedAt", clock.instant().toString());
        report.put("source", asset.getSource().name());
        report.set("error", Json.MAPPER.valueToTree(asset.getError()));
        report.set("asset", Json.MAPPER.valueToTree(AssetView.of(asset)));
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(report);
    }
}
