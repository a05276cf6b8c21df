package caravan.cost;

import caravan.Settings;

/** Cost accounting: how often the bytes the local origin served are added to the assets' records. */
public record CostSettings(long servedFlushMillis) {
    static final String SERVED_FLUSH = "caravan.cost.servedFlushMillis";

    public static CostSettings from(Settings s) {
        return new CostSettings(s.wholeBetween(SERVED_FLUSH, 100, 3_600_000));
    }
}
