package caravan.imports;

import caravan.Settings;

/**
 * Bulk imports.
 *
 * @param feedMillis         how often the backlog lane looks for a free worker (read by the route)
 * @param liveHoldMillis     how long a file waiting in the inbox holds the backlog back (a stuck one then stops doing so)
 * @param sourceFolders      the only folders local sources and sidecars are read from (empty: any outside the data folder)
 * @param calibrationSeconds seconds of the first good source a dry run encodes to measure this machine's CPU cost
 * @param settleMillis       on AWS, how often a worker records the outcomes of import lines (one table query each time;
 *                           locally the feeder does it on every tick, as it feeds)
 */
public record ImportSettings(long feedMillis, long liveHoldMillis, java.util.List<java.nio.file.Path> sourceFolders, long calibrationSeconds,
                             long settleMillis) {
    public static ImportSettings from(Settings s) {
        return new ImportSettings(s.wholeAtLeast("caravan.imports.feedMillis", 10), s.wholeAtLeast("caravan.imports.liveHoldMillis", 0),
                s.list("caravan.imports.sourceFolders").stream().map(java.nio.file.Path::of).toList(), s.wholeBetween("caravan.imports.calibrationSeconds", 1, 600),
                s.wholeAtLeast("caravan.imports.settleMillis", 10));
    }
}
