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
import java.time.Instant;
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
                    "INSERT INTO assets(id, status, sha256, version, doc, external_id, ended_at) VALUES (?, ?, ?, 1, ?, ?, ?)")) {
                ps.setString(1, asset.getId());
                ps.setString(2, asset.getStatus().name());
                ps.setString(3, asset.getSource() == null ? null : asset.getSource().sha256());
                ps.setString(4, AssetDocuments.write(asset));
                ps.setString(5, asset.getExternalId());
                setEndedAt(ps, 6, asset);
                ps.executeUpdate();
                writeText(asset);
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
            String textBefore = AssetQuery.searchableText(asset);
            change.accept(asset);
            asset.setUpdatedAt(clock.instant());
            try (PreparedStatement ps = conn().prepareStatement(
                    "UPDATE assets SET status = ?, sha256 = ?, version = version + 1, doc = ?, external_id = ?, ended_at = ? WHERE id = ?")) {
                ps.setString(1, asset.getStatus().name());
                ps.setString(2, asset.getSource() == null ? null : asset.getSource().sha256());
                ps.setString(3, AssetDocuments.write(asset));
                ps.setString(4, asset.getExternalId());
                setEndedAt(ps, 5, asset);
                ps.setString(6, id);
                ps.executeUpdate();
                if (!textBefore.equals(AssetQuery.searchableText(asset))) {
                    writeText(asset);
                }
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

    /**
     * With a text, the search index drives: it is read in list order (its rowid is the asset's seq) and stops at the
     * page's end, so a common text costs one page; three characters or more use its trigrams, fewer are matched
     * row by row. Without one, the assets table in seq order, by status through its (status, seq) index.
     */
    @Override
    public List<Asset> query(AssetQuery q) {
        boolean newest = q.order() == AssetQuery.Order.NEWEST;
        List<String> args = new ArrayList<>();
        StringBuilder sql;
        String seq;
        if (q.text() != null) {
            seq = "t.rowid";
            // CROSS JOIN keeps the search index the outer loop: SQLite would otherwise walk a status through its index and
            // run the full-text match once per row (20 s for a common status in 100,000 assets)
            sql = new StringBuilder("SELECT a.doc FROM asset_text t CROSS JOIN assets a ON a.seq = t.rowid WHERE ");
            if (q.text().codePointCount(0, q.text().length()) >= 3) {
                sql.append("asset_text MATCH ?");
                args.add('"' + q.text().replace("\"", "\"\"") + '"');
            } else {
                sql.append("instr(t.text, ?) > 0");
                args.add(q.text());
            }
        } else {
            seq = "a.seq";
            sql = new StringBuilder("SELECT a.doc FROM assets a WHERE 1 = 1");
        }
        if (!q.statuses().isEmpty()) {
            sql.append(" AND a.status IN (").append(String.join(",", java.util.Collections.nCopies(q.statuses().size(), "?"))).append(')');
            q.statuses().stream().map(Enum::name).sorted().forEach(args::add);
        }
        if (q.after() != null) {
            sql.append(" AND ").append(seq).append(newest ? " < " : " > ").append("(SELECT seq FROM assets WHERE id = ?)");
            args.add(q.after());
        }
        sql.append(" ORDER BY ").append(seq).append(newest ? " DESC" : "").append(" LIMIT ?");
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(sql.toString())) {
                int i = 1;
                for (String arg : args) {
                    ps.setString(i++, arg);
                }
                ps.setInt(i, q.limit());
                return readAll(ps);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    /** Keeps the search index's row for this asset (rowid = its seq) in step with its record. */
    private void writeText(Asset asset) throws SQLException {
        try (PreparedStatement delete = conn().prepareStatement(
                "DELETE FROM asset_text WHERE rowid = (SELECT seq FROM assets WHERE id = ?)");
             PreparedStatement insert = conn().prepareStatement(
                     "INSERT INTO asset_text(rowid, text) SELECT seq, ? FROM assets WHERE id = ?")) {
            delete.setString(1, asset.getId());
            delete.executeUpdate();
            insert.setString(1, AssetQuery.searchableText(asset));
            insert.setString(2, asset.getId());
            insert.executeUpdate();
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

    @Override
    public Optional<Asset> findByExternalId(String externalId) {
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(
                    "SELECT doc FROM assets WHERE external_id = ? ORDER BY seq LIMIT 1")) {
                ps.setString(1, externalId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(AssetDocuments.read(rs.getString(1))) : Optional.empty();
                }
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
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

    @Override
    public List<Asset> findEnded(Instant from, Instant to) {
        synchronized (db) {
            try (PreparedStatement ps = conn().prepareStatement(
                    "SELECT doc FROM assets WHERE ended_at >= ? AND ended_at < ? ORDER BY ended_at, seq")) {
                ps.setLong(1, from.toEpochMilli());
                ps.setLong(2, to.toEpochMilli());
                List<Asset> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(AssetDocuments.read(rs.getString(1)));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    private static void setEndedAt(PreparedStatement ps, int index, Asset asset) throws SQLException {
        Instant ended = AssetStore.endedAt(asset);
        if (ended == null) {
            ps.setNull(index, java.sql.Types.INTEGER);
        } else {
            ps.setLong(index, ended.toEpochMilli());
        }
    }
}
