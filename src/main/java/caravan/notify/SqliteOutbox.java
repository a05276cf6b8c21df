package caravan.notify;

import caravan.database.SqliteDatabase;
import caravan.database.StoreException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** {@link Outbox} in the embedded database, written in one transaction with nothing else pending. */
public final class SqliteOutbox implements Outbox {
    private static final String SELECT = "SELECT d.event_id, e.asset_id, e.type, d.url, e.payload, e.created_at, d.state, d.attempts, d.last_error "
            + "FROM deliveries d JOIN events e ON e.event_id = d.event_id ";
    private final SqliteDatabase db;

    public SqliteOutbox(SqliteDatabase db) {
        this.db = db;
    }

    @Override
    public boolean record(Event event, List<String> urls) {
        synchronized (db) {
            Connection c = db.connection();
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ev = c.prepareStatement(
                        "INSERT OR IGNORE INTO events(event_id, asset_id, type, run, payload, created_at) VALUES (?,?,?,?,?,?)")) {
                    ev.setString(1, event.id());
                    ev.setString(2, event.assetId());
                    ev.setString(3, event.type());
                    ev.setInt(4, event.run());
                    ev.setString(5, event.payload());
                    ev.setLong(6, event.createdAtMillis());
                    if (ev.executeUpdate() == 0) {
                        c.rollback();
                        return false;
                    }
                }
                try (PreparedStatement d = c.prepareStatement(
                        "INSERT INTO deliveries(event_id, url, state, next_attempt_at) VALUES (?,?,'PENDING',?)")) {
                    for (String url : urls) {
                        d.setString(1, event.id());
                        d.setString(2, url);
                        d.setLong(3, event.createdAtMillis());
                        d.addBatch();
                    }
                    d.executeBatch();
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
    public List<Delivery> claimDue(long nowMillis, int limit, long leaseMillis) {
        synchronized (db) {
            Connection c = db.connection();
            try {
                List<Delivery> due;
                try (PreparedStatement q = c.prepareStatement(SELECT
                        + "WHERE d.state IN ('PENDING', 'SENDING') AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?")) {
                    q.setLong(1, nowMillis);
                    q.setInt(2, limit);
                    due = read(q);
                }
                try (PreparedStatement lease = c.prepareStatement(
                        "UPDATE deliveries SET state = 'SENDING', next_attempt_at = ? WHERE event_id = ? AND url = ?")) {
                    for (Delivery d : due) {
                        lease.setLong(1, nowMillis + leaseMillis);
                        lease.setString(2, d.eventId());
                        lease.setString(3, d.url());
                        lease.executeUpdate();
                    }
                }
                return due;
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public void delivered(Delivery delivery, long nowMillis) {
        change("UPDATE deliveries SET state = 'DELIVERED', attempts = attempts + 1, delivered_at = ?, last_error = NULL "
                + "WHERE event_id = ? AND url = ?", nowMillis, delivery);
    }

    @Override
    public void attemptFailed(Delivery delivery, String error, long nextAttemptMillis) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, state = ?, next_attempt_at = ? "
                            + "WHERE event_id = ? AND url = ?")) {
                ps.setString(1, error);
                ps.setString(2, nextAttemptMillis < 0 ? "FAILED" : "PENDING");
                ps.setLong(3, Math.max(nextAttemptMillis, 0));
                ps.setString(4, delivery.eventId());
                ps.setString(5, delivery.url());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public List<Delivery> deliveries(String assetId) {
        synchronized (db) {
            try (PreparedStatement q = db.connection().prepareStatement(SELECT + "WHERE e.asset_id = ? ORDER BY e.created_at, d.url")) {
                q.setString(1, assetId);
                return read(q);
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public int releaseInFlight(long nowMillis) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "UPDATE deliveries SET state = 'PENDING', next_attempt_at = ? WHERE state = 'SENDING'")) {
                ps.setLong(1, nowMillis);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    @Override
    public int resend(String assetId, long nowMillis) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(
                    "UPDATE deliveries SET state = 'PENDING', attempts = 0, next_attempt_at = ? WHERE state = 'FAILED'"
                            + " AND event_id IN (SELECT event_id FROM events WHERE asset_id = ?)")) {
                ps.setLong(1, nowMillis);
                ps.setString(2, assetId);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    private void change(String sql, long time, Delivery d) {
        synchronized (db) {
            try (PreparedStatement ps = db.connection().prepareStatement(sql)) {
                ps.setLong(1, time);
                ps.setString(2, d.eventId());
                ps.setString(3, d.url());
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException(e);
            }
        }
    }

    private static List<Delivery> read(PreparedStatement q) throws SQLException {
        List<Delivery> out = new ArrayList<>();
        try (ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Delivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getInt(8), rs.getString(9)));
            }
        }
        return out;
    }
}
