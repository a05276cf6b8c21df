package caravan.store;

import caravan.database.SqliteDatabase;
import caravan.asset.Asset;
import caravan.audit.AuditLog;
import caravan.asset.AssetStatus;
import caravan.database.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** {@link AssetStore} on the embedded SQLite file; each asset is a JSON document with its status and hash indexed. */
public final class SqliteAssetStore implements AssetStore {
    private final SqliteDatabase db;
    private final Clock clock;
    private final AuditLog audit;

    /** Every status change is also written to {@code audit}, if given. */
    public SqliteAssetStore(SqliteDatabase db, Clock clock, AuditLog audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
    }

    public SqliteAssetStore(SqliteDatabase db, Clock clock) {
        this(db, clock, null);
    }

    @Override
    public void create(Asset asset) {
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(
                    "INSERT INTO assets(id, status, sha256, version, doc) VALUES (?, ?, ?, 1, ?)")) {
                ps.setString(1, asset.getId());
                ps.setString(2, asset.getStatus().name());
                ps.setString(3, asset.getSource() == null ? null : asset.getSource().sha256());
                ps.setString(4, AssetDocuments.write(asset));
                ps.executeUpdate();
            } catch (SQLException e) {
                if (e.getMessage() != null && e.getMessage().contains("UNIQUE")) {
                    throw new IllegalStateException("Asset " + asset.getId() + " already exists");
                }
                throw new StoreException(e);
            }
        }
    }

    @Override
    public Optional<Asset> find(String id) {
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement("SELECT doc FROM assets WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(AssetDocuments.read(rs.getString(1))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public Asset update(String id, Consumer<Asset> change) {
        synchronized (db) {
            Asset asset = find(id).orElseThrow(() -> new IllegalArgumentException("No asset " + id));
            AssetStatus before = asset.getStatus();
            change.accept(asset);
            asset.setUpdatedAt(clock.instant());
            try (PreparedStatement ps = conn().prepareStatement(
                    "UPDATE assets SET status = ?, sha256 = ?, version = version + 1, doc = ? WHERE id = ?")) {
                ps.setString(1, asset.getStatus().name());
                ps.setString(2, asset.getSource() == null ? null : asset.getSource().sha256());
                ps.setString(3, AssetDocuments.write(asset));
                ps.setString(4, id);
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
            if (audit != null && before != asset.getStatus()) {
                audit.append(new AuditLog.AuditEntry(clock.millis(), id, "pipeline", "status", asset.getStatus().name(), null,
                        before + " -> " + asset.getStatus()));
            }
            return asset;
        }
    }

    @Override
    public List<Asset> list(int limit, String after) {
        String sql = after == null
                ? "SELECT doc FROM assets ORDER BY seq DESC LIMIT ?"
                : "SELECT doc FROM assets WHERE seq < (SELECT seq FROM assets WHERE id = ?) ORDER BY seq DESC LIMIT ?";
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(sql)) {
                int i = 1;
                if (after != null) {
                    ps.setString(i++, after);
                }
                ps.setInt(i, limit);
                return readAll(ps);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public List<Asset> findByStatus(Set<AssetStatus> statuses) {
        if (statuses.isEmpty()) {
            return List.of();
        }
        String in = statuses.stream().map(s -> "'" + s.name() + "'").collect(Collectors.joining(","));
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(
                    "SELECT doc FROM assets WHERE status IN (" + in + ") ORDER BY seq")) {
                return readAll(ps);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public Optional<Asset> findBySha256(String sha256, String exceptId, Set<AssetStatus> statuses) {
        return findSameContent(sha256, exceptId).stream()
                .filter(a -> statuses.contains(a.getStatus()))
                .findFirst();
    }

    private List<Asset> findSameContent(String sha256, String exceptId) {
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(
                    "SELECT doc FROM assets WHERE sha256 = ? AND id <> ? ORDER BY seq")) {
                ps.setString(1, sha256);
                ps.setString(2, exceptId);
                return readAll(ps);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public Map<AssetStatus, Long> countByStatus() {
        Map<AssetStatus, Long> counts = new EnumMap<>(AssetStatus.class);
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement("SELECT status, COUNT(*) FROM assets GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(AssetStatus.valueOf(rs.getString(1)), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
        return counts;
    }

    @Override
    public void ping() {
        db.checkWritable();
    }

    @Override
    public void close() {
        db.close();
    }

    private Connection conn() {
        return db.connection();
    }

    private static List<Asset> readAll(PreparedStatement ps) throws SQLException {
        List<Asset> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(AssetDocuments.read(rs.getString(1)));
            }
        }
        return out;
    }
}
