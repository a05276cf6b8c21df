package caravan.store;

import caravan.database.SqliteDatabase;
import caravan.database.StoreException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteAssetStoreTest extends AssetStoreContract {

    @Override
    protected AssetStore newStore(Path dir) {
        return new SqliteAssetStore(new SqliteDatabase(dir.resolve("x.db")), Clock.systemUTC());
    }

    @Test
    void thePingFailsWhileAnotherProcessHoldsTheWriteLockAndWorksAgainAfter() throws Exception {
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"));
             Statement st = other.createStatement()) {
            st.execute("BEGIN EXCLUSIVE");
            assertThatThrownBy(store::ping).isInstanceOf(StoreException.class).hasMessageContaining("locked");
            st.execute("ROLLBACK");
        }
        store.ping();
    }

    @Test
    void thePingFailsWhenTheDatabaseFileIsGone() throws Exception {
        Files.delete(dir.resolve("x.db"));
        assertThatThrownBy(store::ping).isInstanceOf(StoreException.class);
        org.assertj.core.api.Assertions.assertThat(dir.resolve("x.db")).doesNotExist();
    }
}
