package caravan.imports;

import java.util.List;

/**
 * How an import's waiting lines reach the backlog lane once recorded. Locally the lane reads them from the database
 * ({@link #POLLED}); on AWS each goes on the backlog queue ({@link BacklogQueue}) for whichever worker is idle; on AWS
 * without a backlog queue imports are refused ({@link #UNAVAILABLE}).
 */
public interface LineDispatch {
    /** Locally: the feeder finds waiting lines in the database itself. */
    LineDispatch POLLED = queued -> {
    };

    /** On AWS with no backlog queue configured: no import is accepted, since no worker would feed it. */
    LineDispatch UNAVAILABLE = new LineDispatch() {
        @Override
        public boolean available() {
            return false;
        }

        @Override
        public void dispatch(List<ImportItem> queued) {
            throw new IllegalStateException("Imports are not available without a backlog queue");
        }
    };

    /** Whether imports can be fed at all. */
    default boolean available() {
        return true;
    }

    /** Hands these QUEUED lines to the backlog lane (again is harmless: a line is claimed once). */
    void dispatch(List<ImportItem> queued);
}
