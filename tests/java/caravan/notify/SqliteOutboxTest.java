package caravan.notify;

import caravan.database.SqliteDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract on the embedded database, and what only a one-worker outbox does: release its own leases on restart. */
class SqliteOutboxTest extends OutboxContract {
    @TempDir
    Path dir;
    private SqliteDatabase db;

    @Override
    protected Outbox newOutbox() {
        db = new SqliteDatabase(dir.resolve("outbox.db"));
        return new SqliteOutbox(db);
    }

    @Override
    protected Outbox sameOutboxElsewhere() {
        return new SqliteOutbox(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void afterARestartDeliveriesThatWereInFlightAreDueAtOnce() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        assertThat(outbox.claimDue(T0, 10, 120_000)).hasSize(1);
        assertThat(outbox.claimDue(T0 + 1_000, 10, 120_000)).as("leased").isEmpty();

        assertThat(outbox.releaseInFlight(T0 + 1_000)).isEqualTo(1);

        assertThat(only("asset1", HOOK_A).state()).isEqualTo("PENDING");
        assertThat(outbox.claimDue(T0 + 1_000, 10, 120_000)).extracting(Outbox.Delivery::url).containsExactly(HOOK_A);
    }

    @Test
    void recordsSurviveReopening() {
        outbox.record(event("evt_1", "asset1", Event.READY, T0), List.of(HOOK_A));
        db.close();
        db = new SqliteDatabase(dir.resolve("outbox.db"));
        outbox = new SqliteOutbox(db);

        assertThat(outbox.deliveries("asset1")).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo("PENDING"));
        assertThat(outbox.record(event("evt_9", "asset1", Event.READY, T0), List.of(HOOK_A))).isFalse();
    }
}
