package caravan.wiring;

import caravan.DataFolders;
import caravan.database.SqliteDatabase;
import caravan.ingest.Recovery;
import org.apache.camel.CamelContext;

import java.time.Clock;

/** What differs between the embedded (local) profile and the cloud (aws) profile. */
public interface ProfileWiring {

    /** The profile's stores, keys, archive and publish target; binds what its routes look up by name. */
    Backends backends(CamelContext context, DataFolders folders, SqliteDatabase db, Clock clock);

    /** The profile's own pipeline beans (intake, late pairing, engine), bound by the names its routes use. */
    void bindStages(CamelContext context, Shared shared);

    /** What is left of the last run: reconciled from disk, or left to the queue's redelivery. */
    void recover(Recovery recovery);
}
