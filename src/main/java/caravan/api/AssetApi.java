package caravan.api;

import caravan.asset.AssetView;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/assets} (newest first, paged with {@code limit} and {@code after}) and {@code GET /api/assets/{id}}. */
public final class AssetApi {
    private static final int MAX_PAGE = 200;
    private final AssetStore store;
    private final caravan.audit.AuditLog audit;
    private final caravan.failure.Redrive redrive;

    private final caravan.notify.Outbox outbox;

    public AssetApi(AssetStore store, caravan.audit.AuditLog audit, caravan.failure.Redrive redrive, caravan.notify.Outbox outbox) {
        this.store = store;
        this.outbox = outbox;
        this.audit = audit;
        this.redrive = redrive;
    }

    /** {@code GET /api/assets/{id}/audit}: the asset's audit trail, oldest first. */
    public void audit(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || store.find(id).isEmpty()) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No asset with that id.");
            return;
        }
        ApiResponses.json(exchange, 200, new AuditTrail(audit.forAsset(id).stream()
                .map(e -> new AuditRow(e.atMillis(), e.assetId(), e.actor(), e.action(), e.outcome(), e.remote(), e.detail()))
                .toList()));
    }

    /** {@code GET /api/assets/{id}/deliveries}: every event of the asset and where each delivery stands. */
    public void deliveries(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || store.find(id).isEmpty()) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No asset with that id.");
            return;
        }
        ApiResponses.json(exchange, 200, new DeliveryList(outbox.deliveries(id).stream()
                .map(d -> new DeliveryState(d.eventId(), d.type(), d.url(), d.state(), d.attempts(), d.lastError()))
                .toList()));
    }

    /** {@code POST /api/assets/{id}/deliveries/resend}: given-up deliveries of the asset go out again (same webhook-id). */
    public void resend(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        if (id == null || store.find(id).isEmpty()) {
            ApiResponses.error(exchange, 404, "NOT_FOUND", "No asset with that id.");
            return;
        }
        ApiResponses.json(exchange, 202, new Resent(outbox.resend(id, System.currentTimeMillis())));
    }

    /** {@code POST /api/assets/{id}/retry}: re-drive a FAILED asset from its kept source. */
    public void retry(Exchange exchange) throws java.io.IOException {
        String id = exchange.getIn().getHeader("id", String.class);
        try {
            ApiResponses.json(exchange, 202, AssetView.of(redrive.retry(id == null ? "" : id, "api")));
        } catch (caravan.archive.NotRetryable e) {
            if (store.find(id == null ? "" : id).isPresent()) {
                ApiResponses.error(exchange, 409, "NOT_RETRYABLE", e.getMessage());
            } else {
                ApiResponses.error(exchange, 404, "NOT_FOUND", "No asset with that id.");
            }
        }
    }

    public void list(Exchange exchange) {
        int limit;
        try {
            limit = Integer.parseInt(exchange.getIn().getHeader("limit", "50", String.class));
        } catch (NumberFormatException e) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "limit must be a whole number from 1 to " + MAX_PAGE + ".");
            return;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "limit must be a whole number from 1 to " + MAX_PAGE + ".");
            return;
        }
        String after = exchange.getIn().getHeader("after", String.class);
        java.util.Set<caravan.asset.AssetStatus> statuses = java.util.EnumSet.noneOf(caravan.asset.AssetStatus.class);
        for (String status : exchange.getIn().getHeader("status", "", String.class).split(",")) {
            if (!status.isBlank()) {
                try {
                    statuses.add(caravan.asset.AssetStatus.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    ApiResponses.error(exchange, 400, "BAD_REQUEST", "status must be one or more of "
                            + java.util.Arrays.toString(caravan.asset.AssetStatus.values()) + ", separated by commas.");
                    return;
                }
            }
        }
        String order = exchange.getIn().getHeader("order", "newest", String.class).strip().toLowerCase(java.util.Locale.ROOT);
        if (!order.equals("newest") && !order.equals("oldest")) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "order must be newest or oldest.");
            return;
        }
        String text = exchange.getIn().getHeader("q", String.class);
        if (text != null && text.strip().length() > caravan.store.AssetQuery.MAX_TEXT) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", "q must be at most " + caravan.store.AssetQuery.MAX_TEXT + " characters.");
            return;
        }
        caravan.store.AssetQuery query = new caravan.store.AssetQuery(statuses, text,
                order.equals("oldest") ? caravan.store.AssetQuery.Order.OLDEST : caravan.store.AssetQuery.Order.NEWEST, limit + 1, after);
        List<AssetView> page = store.query(query).stream().map(AssetView::of).toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        store.countByStatus().forEach((status, n) -> counts.put(status.name(), n));
        ApiResponses.json(exchange, 200, new AssetPage(page.size() > limit ? page.subList(0, limit) : page,
                page.size() > limit ? page.get(limit - 1).id() : null, counts));
    }

    public void get(Exchange exchange) {
        String id = exchange.getIn().getHeader("id", String.class);
        store.find(id == null ? "" : id).ifPresentOrElse(
                a -> ApiResponses.json(exchange, 200, AssetView.of(a)),
                () -> ApiResponses.error(exchange, 404, "NOT_FOUND", "No asset with that id."));
    }
}
