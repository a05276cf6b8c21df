package caravan.audit;

import caravan.database.SqliteDatabase;
import caravan.database.StoreException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link AuditLog} in the embedded database: rows are only ever inserted. */
public final class SqliteAuditLog implements AuditLog {
    private final SqliteDatabase db;

    public SqliteAuditLog(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public void append(AuditEntry e) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "INSERT INTO audit(at, asset_id, actor, action, outcome, remote, detail) VALUES (?,?,?,?,?,?,?)")) {
                ps.setLong(1, e.atMillis());
                ps.setString(2, e.assetId());
                ps.setString(3, e.actor());
                ps.setString(4, e.action());
                ps.setString(5, e.outcome());
                ps.setString(6, e.remote());
                ps.setString(7, e.detail());
                ps.executeUpdate();
            } catch (SQLException ex) {
                throw new StoreException(ex);
            }
        }
    }

    @Override
    public List<AuditEntry> forAsset(String assetId) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "SELECT at, asset_id, actor, action, outcome, remote, detail FROM audit WHERE asset_id = ? ORDER BY seq")) {
                ps.setString(1, assetId);
                List<AuditEntry> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                }
                return out;
            } catch (SQLException ex) {
                throw new StoreException(ex);
            }
        }
    }
}
