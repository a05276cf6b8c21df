package caravan.cost;

import caravan.asset.Asset;
import caravan.asset.AssetStatus;
import caravan.store.AssetStore;

import java.time.Instant;
import java.util.Collection;

/**
 * {@code GET /api/costs}: what the assets that ended in a period cost. {@code ready} sums the assets that became
 * READY in it, {@code failed} those that ended FAILED in it (their work was spent too), {@code all} both; the price
 * table applied to {@code all}, and per hour of content (the READY assets' duration); {@code prices}, the table's unit
 * prices, so a client can price one asset the same way.
 */
public record CostReport(Instant from, Instant to, String currency, CostTotals ready, CostTotals failed, CostTotals all,
                         double contentHours, CostPrice price, Double pricePerContentHour, PriceTable prices) {

    public static CostReport of(CostPeriod period, Collection<Asset> assets, PriceTable prices) {
        CostTotals ready = CostTotals.NONE;
        CostTotals failed = CostTotals.NONE;
        double seconds = 0;
        for (Asset a : assets) {
            if (!period.contains(AssetStore.endedAt(a))) {
                continue;
            }
            if (a.getStatus() == AssetStatus.READY) {
                ready = ready.plus(a.getCost());
                seconds += a.getProbe() == null ? 0 : a.getProbe().durationSeconds();
            } else if (a.getStatus() == AssetStatus.FAILED) {
                failed = failed.plus(a.getCost());
            }
        }
        CostTotals all = ready.plus(failed);
        CostPrice price = CostPrice.of(all, prices);
        double hours = seconds / 3600d;
        return new CostReport(period.from(), period.to(), prices.currency(), ready, failed, all, hours, price,
                hours > 0 ? price.total() / hours : null, prices);
    }
}
