package caravan.imports;

import caravan.database.SqliteDatabase;

import java.nio.file.Path;

/** The contract against the embedded database; each handle is its own connection to the same file. */
class SqliteImportsTest extends ImportsContract {
    @Override
    protected Imports open(Path dir) {
        return new SqliteImports(new SqliteDatabase(dir.resolve("caravan.db")));
    }
}
