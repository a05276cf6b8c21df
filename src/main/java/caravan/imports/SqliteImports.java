package caravan.imports;

import caravan.database.SqliteDatabase;
import caravan.database.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Imports and their lines in the embedded database ({@code 006-imports.sql}); every change is one statement or transaction. */
public final class SqliteImports implements Imports {
    private static final String ITEM = "SELECT seq, import_id, line, source, external_id, metadata, state, asset_id, error_code,"
            + " reason, media_seconds, fed_at, finished_at FROM import_items ";
    private final SqliteDatabase db;

    public SqliteImports(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public boolean create(String importId, long now, List<ImportItem> items) {
        synchronized (db) {
            Connection c = db.connection();
            try {
                c.setAutoCommit(false);
                try (PreparedStatement im = c.prepareStatement("INSERT OR IGNORE INTO imports(import_id, created_at, lines) VALUES (?,?,?)")) {
                    im.setString(1, importId);
                    im.setLong(2, now);
                    im.setInt(3, items.size());
                    if (im.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement it = c.prepareStatement("INSERT INTO import_items(import_id, line, source, external_id, metadata,"
                        + " state, error_code, reason, finished_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                    for (ImportItem i : items) {
                        it.setString(1, importId);
                        it.setInt(2, i.line());
                        it.setString(3, i.source());
                        it.setString(4, i.externalId());
                        it.setString(5, i.sealedMetadata());
                        it.setString(6, i.state().name());
                        it.setString(7, i.errorCode());
                        it.setString(8, i.reason());
                        if (i.state().isOutcome()) {
                            it.setLong(9, now);
                        } else {
                            it.setNull(9, Types.INTEGER);
                        }
                        it.addBatch();
                    }
                    it.executeBatch();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                SqliteDatabase.rollbackQuietly(c);
                throw new StoreException(e);
            } finally {
                SqliteDatabase.restoreAutoCommit(c);
            }
        }
    }

    @Override
    public Optional<ImportRecord> find(String importId) {
        synchronized (db) {
            try (PreparedStatement q = db.connection().prepareStatement("SELECT import_id, created_at, lines FROM imports WHERE import_id = ?")) {
                q.setString(1, importId);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next() ? Optional.of(new ImportRecord(rs.getString(1), rs.getLong(2), rs.getInt(3))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public List<String> newest(int limit) {
        synchronized (db) {
            try (PreparedStatement q = db.connection().prepareStatement("SELECT import_id FROM imports ORDER BY created_at DESC, import_id LIMIT ?")) {
                q.setInt(1, limit);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public List<ImportItem> items(String importId) {
        return query(ITEM + "WHERE import_id = ? ORDER BY line", importId);
    }

    @Override
    public Optional<ImportItem> item(String importId, int line) {
        return query(ITEM + "WHERE import_id = ? AND line = ?", importId, line).stream().findFirst();
    }

    @Override
    public List<ImportItem> inState(ItemState state, int limit) {
        return query(ITEM + "WHERE state = ? ORDER BY seq LIMIT " + limit, state.name());
    }

    @Override
    public boolean claim(ImportItem item, String assetId, long now) {
        return update("UPDATE import_items SET state = 'FEEDING', asset_id = ?, fed_at = ? WHERE seq = ? AND state = 'QUEUED'",
                assetId, now, item.seq()) == 1;
    }

    @Override
    public boolean reclaim(ImportItem item, long now) {
        return update("UPDATE import_items SET fed_at = ? WHERE seq = ? AND state = 'FEEDING' AND fed_at IS ?", now, item.seq(), item.fedAt()) == 1;
    }

    @Override
    public void inPipeline(ImportItem item) {
        update("UPDATE import_items SET state = 'IN_PIPELINE' WHERE seq = ?", item.seq());
    }

    @Override
    public void finish(ImportItem item, ItemState state, String assetId, String errorCode, String reason, Double mediaSeconds, long now) {
        update("UPDATE import_items SET state = ?, asset_id = ?, error_code = ?, reason = ?, media_seconds = ?, finished_at = ? WHERE seq = ?",
                state.name(), assetId, errorCode, reason, mediaSeconds, now, item.seq());
    }

    private int update(String sql, Object... args) {
        synchronized (db) {
            try (PreparedStatement u = db.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    u.setObject(i + 1, args[i]);
                }
                return u.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    private List<ImportItem> query(String sql, Object... args) {
        synchronized (db) {
            try (PreparedStatement q = db.connection().prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    q.setObject(i + 1, args[i]);
                }
                List<ImportItem> items = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        items.add(new ImportItem(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getString(5),
                                rs.getString(6), ItemState.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
                                rs.getObject(11) == null ? null : rs.getDouble(11),
                                rs.getObject(12) == null ? null : rs.getLong(12), rs.getObject(13) == null ? null : rs.getLong(13)));
                    }
                }
                return items;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    /**
     * The master key versions wrapping the metadata of lines not fed yet (QUEUED, FEEDING): a fed line's metadata is
     * the asset's sidecar by then, sealed with the asset's own key.
     */
    @Override
    public java.util.Map<String, Integer> keysInUse() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT metadata FROM import_items WHERE metadata IS NOT NULL AND state IN ('QUEUED', 'FEEDING')");
                 java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String keyId = caravan.asset.Json.MAPPER.readTree(rs.getString(1)).path("keyId").asText("");
                    counts.merge(keyId, 1, Integer::sum);
                }
            } catch (SQLException | java.io.IOException e) {
                throw new IllegalStateException("The import lines' keys could not be counted", e);
            }
        }
        return counts;
    }
}
