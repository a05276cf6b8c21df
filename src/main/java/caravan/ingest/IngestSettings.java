package caravan.ingest;

import caravan.Settings;

/**
 * How the inbox is watched and what an upload's sidecar may be.
 *
 * @param pollMillis            full inbox scan interval, backing up the file system watch
 * @param stableMillis          how long a file must go unwritten before it is taken
 * @param readLockTimeoutMillis give up a stability check after this long (read by the ingest route)
 * @param sidecarMaxBytes       largest sidecar accepted
 */
public record IngestSettings(long pollMillis, long stableMillis, long readLockTimeoutMillis, long sidecarMaxBytes) {

    public static IngestSettings from(Settings s) {
        return new IngestSettings(s.wholeAtLeast("caravan.ingest.pollMillis", 1), s.wholeAtLeast("caravan.ingest.stableMillis", 0),
                s.wholeAtLeast("caravan.ingest.readLockTimeoutMillis", 1), s.wholeAtLeast("caravan.sidecar.maxBytes", 1));
    }
}
