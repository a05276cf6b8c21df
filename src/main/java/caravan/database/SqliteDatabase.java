package caravan.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The embedded database file: one connection in WAL mode with full fsync, schema migrations applied on open.
 * Callers serialise on this object; SQLite allows one writer anyway and the pipeline's write rate is low.
 */
public final class SqliteDatabase implements AutoCloseable {
    private static final List<String> MIGRATIONS = List.of("001-assets.sql", "002-outbox.sql", "003-audit-and-runs.sql",
            "004-asset-search.sql", "005-external-id.sql", "006-imports.sql", "007-ended-at.sql", "008-chunk-runs.sql");

    private final Connection connection;
    private final Path file;

    public SqliteDatabase(Path file) {
        this.file = file.toAbsolutePath();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=FULL");
                st.execute("PRAGMA busy_timeout=5000");
            }
            migrate();
            try (Statement st = connection.createStatement()) {
                st.execute("PRAGMA foreign_keys=ON");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Cannot open the asset database at " + file + ": " + e.getMessage(), e);
        }
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Proves the database file can still be opened and written: a separate short-lived connection (never creating
     * the file) takes the write lock and releases it. Fails within a second if another process holds the lock.
     */
    public void checkWritable() {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.resetOpenMode(org.sqlite.SQLiteOpenMode.CREATE);
        config.setBusyTimeout(1000);
        try (Connection probe = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
             Statement st = probe.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            st.execute("ROLLBACK");
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs with foreign keys off (SQLite ignores that switch inside a transaction), so a migration can rebuild a table. */
    private void migrate() throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)");
        }
        for (String name : MIGRATIONS) {
            try (var check = connection.prepareStatement("SELECT 1 FROM schema_migrations WHERE name = ?")) {
                check.setString(1, name);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
            }
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement();
                 var mark = connection.prepareStatement("INSERT INTO schema_migrations(name) VALUES (?)")) {
                for (String sql : read(name).split(";")) {
                    if (!sql.isBlank()) {
                        st.execute(sql);
                    }
                }
                mark.setString(1, name);
                mark.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static String read(String name) {
        try (InputStream in = SqliteDatabase.class.getResourceAsStream("/db/sqlite/" + name)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.replaceAll("(?m)^--.*$", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Undoes a failed transaction; a failure to roll back is not reported: the original error is what matters. */
    public static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    /** Ends a transaction's manual commit mode on the shared connection. */
    public static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }
}
