package caravan.chunking;

import caravan.database.SqliteDatabase;
import caravan.database.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ChunkLedger} in the embedded database ({@code 008-chunk-runs.sql}): every call is one transaction on the
 * shared connection, serialised on it, so of the workers of one process finishing a run's last items at once exactly
 * one is the stitcher. A transaction's first statement is its write, so it holds the file's write lock before it
 * reads what it decides on.
 */
public final class SqliteChunkLedger implements ChunkLedger {
    private final SqliteDatabase db;

    public SqliteChunkLedger(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void begin(String assetId, int run, int items) {
        ItemRange.checkCount(items);
        inTransaction(c -> {
            // a newer run replaces the row; the same run again, or an older one, leaves it as it is
            execute(c, "INSERT INTO chunk_runs(asset_id, run, items) VALUES (?,?,?) ON CONFLICT(asset_id) DO UPDATE"
                    + " SET run = excluded.run, items = excluded.items, failed_item = NULL, stitcher = NULL"
                    + " WHERE chunk_runs.run < excluded.run", assetId, run, items);
            execute(c, "DELETE FROM chunk_done WHERE asset_id = ? AND run <> (SELECT run FROM chunk_runs WHERE asset_id = ?)",
                    assetId, assetId);
            return null;
        });
    }

    @Override
    public Completion done(String assetId, int run, int item) {
        ItemRange.check(item);
        return inTransaction(c -> {
            execute(c, "INSERT OR IGNORE INTO chunk_done(asset_id, run, item) SELECT asset_id, run, ? FROM chunk_runs"
                    + " WHERE asset_id = ? AND run = ? AND failed_item IS NULL AND ? < items", item, assetId, run, item);
            Optional<ChunkRun> current = read(c, assetId);
            if (current.isEmpty() || current.get().run() != run || current.get().failedItem() != null) {
                return Completion.STALE;
            }
            ChunkRun r = current.get();
            ItemRange.check(item, r);
            if (r.done().size() < r.items()) {
                return Completion.MORE;
            }
            if (r.stitcher() == null) {
                execute(c, "UPDATE chunk_runs SET stitcher = ? WHERE asset_id = ?", item, assetId);
                return Completion.LAST;
            }
            return r.stitcher() == item ? Completion.LAST : Completion.ALREADY;
        });
    }

    @Override
    public boolean fail(String assetId, int run, int item) {
        ItemRange.check(item);
        return inTransaction(c -> {
            if (execute(c, "UPDATE chunk_runs SET failed_item = ? WHERE asset_id = ? AND run = ? AND failed_item IS NULL AND ? < items",
                    item, assetId, run, item) == 1) {
                return true;
            }
            read(c, assetId).filter(r -> r.run() == run && r.failedItem() == null).ifPresent(r -> ItemRange.check(item, r));
            return false;
        });
    }

    @Override
    public Optional<ChunkRun> find(String assetId) {
        return inTransaction(c -> read(c, assetId));
    }

    @Override
    public void forget(String assetId) {
        inTransaction(c -> {
            execute(c, "DELETE FROM chunk_runs WHERE asset_id = ?", assetId);
            execute(c, "DELETE FROM chunk_done WHERE asset_id = ?", assetId);
            return null;
        });
    }

    private static Optional<ChunkRun> read(Connection c, String assetId) throws SQLException {
        int run;
        int items;
        Integer failed;
        Integer stitcher;
        try (PreparedStatement q = c.prepareStatement("SELECT run, items, failed_item, stitcher FROM chunk_runs WHERE asset_id = ?")) {
            q.setString(1, assetId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                run = rs.getInt(1);
                items = rs.getInt(2);
                failed = rs.getObject(3) == null ? null : rs.getInt(3);
                stitcher = rs.getObject(4) == null ? null : rs.getInt(4);
            }
        }
        Set<Integer> done = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT item FROM chunk_done WHERE asset_id = ? AND run = ?")) {
            q.setString(1, assetId);
            q.setInt(2, run);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getInt(1));
                }
            }
        }
        return Optional.of(new ChunkRun(run, items, done, failed, stitcher));
    }

    private static int execute(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setObject(i + 1, args[i]);
            }
            return u.executeUpdate();
        }
    }

    private <T> T inTransaction(Work<T> work) {
        synchronized (db) {
            Connection c = db.connection();
            try {
                c.setAutoCommit(false);
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException e) {
                SqliteDatabase.rollbackQuietly(c);
                throw new StoreException(e);
            } catch (RuntimeException e) {
                SqliteDatabase.rollbackQuietly(c);
                throw e;
            } finally {
                SqliteDatabase.restoreAutoCommit(c);
            }
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }
}
