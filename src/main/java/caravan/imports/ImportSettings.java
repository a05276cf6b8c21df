package caravan.imports;

import caravan.Settings;

/**
 * Bulk imports.
 *
 * @param feedMillis         how often the backlog lane looks for a free worker (read by the route)
 * @param liveHoldMillis     how long a file waiting in the inbox holds the backlog back (a stuck one then stops doing so)
 * @param calibrationSeconds seconds of the first good source a dry run encodes to measure this machine's CPU cost
 */
public record ImportSettings(long feedMillis, long liveHoldMillis, long calibrationSeconds) {
    public static ImportSettings from(Settings s) {
        return new ImportSettings(s.wholeAtLeast("caravan.imports.feedMillis", 10), s.wholeAtLeast("caravan.imports.liveHoldMillis", 0),
                s.wholeBetween("caravan.imports.calibrationSeconds", 1, 600));
    }
}
