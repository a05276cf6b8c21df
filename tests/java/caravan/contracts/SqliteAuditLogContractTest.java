package caravan.contracts;

import caravan.audit.AuditLog;
import caravan.audit.SqliteAuditLog;
import caravan.database.SqliteDatabase;

import java.nio.file.Path;

/** The audit contract against the embedded database. */
class SqliteAuditLogContractTest extends AuditLogContract {
    private SqliteDatabase db;

    @Override
    protected AuditLog open(Path dir) {
        db = new SqliteDatabase(dir.resolve("caravan.db"));
        return new SqliteAuditLog(db);
    }

    @Override
    protected void close(AuditLog log) {
        db.close();
    }
}
