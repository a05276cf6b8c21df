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

    @Test
    void aDatabaseFromBeforeSearchIsIndexedWhenOpened() throws Exception {
        caravan.asset.Asset a = asset("old1", 1);
        a.getMetadata().put("title", "Endocrinology review");
        store.create(a);
        store.create(asset("old2", 2));
        store.close();
        store = null;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("x.db"));
             Statement st = c.createStatement()) { // as a database written before the search index existed
            st.execute("DROP TABLE asset_text");
            st.execute("DROP INDEX assets_status_seq");
            st.execute("DELETE FROM schema_migrations WHERE name = '004-asset-search.sql'");
        }

        store = newStore(dir);

        org.assertj.core.api.Assertions.assertThat(store.query(new AssetQuery(java.util.Set.of(), "endocrin", null, 10, null)))
                .extracting(caravan.asset.Asset::getId).containsExactly("old1");
        org.assertj.core.api.Assertions.assertThat(store.query(new AssetQuery(java.util.Set.of(), "old2.mp4", null, 10, null)))
                .extracting(caravan.asset.Asset::getId).containsExactly("old2");
    }
}
