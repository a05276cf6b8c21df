package caravan.store;

import java.nio.file.Path;
import java.time.Clock;

class SqliteAssetStoreTest extends AssetStoreContract {

    @Override
    protected AssetStore newStore(Path dir) {
        return new SqliteAssetStore(new SqliteDatabase(dir.resolve("x.db")), Clock.systemUTC());
    }
}
