package caravan.api;

import caravan.cost.CostPeriod;
import caravan.cost.CostReport;
import caravan.cost.PriceTable;
import caravan.store.AssetStore;
import org.apache.camel.Exchange;

import java.time.Clock;

/** {@code GET /api/costs?from=&to=}: the {@link CostReport} of a period (default: the last 30 days), priced. */
public final class CostApi {
    private final AssetStore store;
    private final PriceTable prices;
    private final Clock clock;

    public CostApi(AssetStore store, PriceTable prices, Clock clock) {
        this.store = store;
        this.prices = prices;
        this.clock = clock;
    }

    public void report(Exchange exchange) {
        CostPeriod period;
        try {
            period = CostPeriod.parse(exchange.getIn().getHeader("from", String.class),
                    exchange.getIn().getHeader("to", String.class), clock);
        } catch (IllegalArgumentException e) {
            ApiResponses.error(exchange, 400, "BAD_REQUEST", e.getMessage());
            return;
        }
        ApiResponses.json(exchange, 200, CostReport.of(period,
                store.findEnded(period.from(), period.to()), prices));
    }
}
