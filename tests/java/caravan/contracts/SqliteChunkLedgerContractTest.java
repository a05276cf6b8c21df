package caravan.contracts;

import caravan.chunking.ChunkLedger;
import caravan.chunking.SqliteChunkLedger;
import caravan.database.SqliteDatabase;
import org.junit.jupiter.api.AfterEach;

import java.nio.file.Path;

/**
 * The chunk ledger contract against the embedded database: the workers of one process share its one database (each
 * handle another ledger over it), as the embedded wiring does.
 */
class SqliteChunkLedgerContractTest extends ChunkLedgerContract {
    private SqliteDatabase db;

    @Override
    protected ChunkLedger open(Path dir) {
        if (db == null) {
            db = new SqliteDatabase(dir.resolve("caravan.db"));
        }
        return new SqliteChunkLedger(db);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }
}
