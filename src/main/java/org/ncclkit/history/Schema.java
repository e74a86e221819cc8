package org.ncclkit.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The history's tables, as numbered migrations: version N is what migrations 1..N make. The store's version is
 * SQLite's {@code user_version}; a store of an older ncclkit is brought up to date when it is opened, and a store of
 * a newer one is refused rather than written wrongly. Never edit a released migration: add the next one.
 */
final class Schema {
    static final List<List<String>> MIGRATIONS = List.of(
            // 1: runs and their rows
            List.of("""
                    CREATE TABLE runs (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      recorded_at TEXT NOT NULL,
                      kind TEXT NOT NULL,
                      passed INTEGER NOT NULL,
                      fingerprint TEXT NOT NULL,
                      hosts TEXT NOT NULL,
                      gpu TEXT NOT NULL,
                      driver TEXT NOT NULL,
                      nccl TEXT NOT NULL,
                      plugin TEXT NOT NULL,
                      libfabric TEXT NOT NULL,
                      environment TEXT NOT NULL,
                      command TEXT NOT NULL,
                      collective TEXT NOT NULL,
                      source TEXT NOT NULL,
                      tool TEXT NOT NULL,
                      devices TEXT NOT NULL,
                      complete INTEGER NOT NULL,
                      avg_busbw REAL,
                      out_of_bounds INTEGER)""",
                    """
                    CREATE TABLE rows (
                      run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
                      position INTEGER NOT NULL,
                      placement TEXT NOT NULL CHECK (placement IN ('out_of_place', 'in_place')),
                      size_bytes INTEGER NOT NULL,
                      count INTEGER NOT NULL,
                      type TEXT NOT NULL,
                      redop TEXT NOT NULL,
                      root INTEGER NOT NULL,
                      time_us REAL,
                      algbw REAL,
                      busbw REAL,
                      wrong REAL,
                      PRIMARY KEY (run_id, position, placement))""",
                    "CREATE INDEX runs_by_fingerprint ON runs(fingerprint, id)"),
            // 2: the per-iteration spread of a row (-I 1), so that one run's own noise is known
            List.of("ALTER TABLE rows ADD COLUMN cv_pct REAL"),
            // 3: check and validate runs keep their own JSON document, and the one-line verdict that list prints
            List.of("ALTER TABLE runs ADD COLUMN document TEXT", "ALTER TABLE runs ADD COLUMN verdict TEXT"));

    /** The version this ncclkit writes. */
    static final int CURRENT = MIGRATIONS.size();

    private Schema() {
    }

    /**
     * Brings the store to {@code target} inside one immediate transaction, so that two processes opening a new store
     * at once do not both create it.
     */
    static void migrate(Connection connection, int target, String store) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            int version = version(statement);
            if (version > CURRENT) {
                throw new HistoryException(store + " was written by a newer ncclkit (schema version " + version
                        + "; this ncclkit reads up to " + CURRENT + ")");
            }
            if (version >= target) {
                return;
            }
            connection.setAutoCommit(false);
            try {
                for (int next = version(statement) + 1; next <= target; next++) {
                    for (String sql : MIGRATIONS.get(next - 1)) {
                        statement.executeUpdate(sql);
                    }
                    statement.executeUpdate("PRAGMA user_version = " + next);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    static int version(Statement statement) throws SQLException {
        try (var result = statement.executeQuery("PRAGMA user_version")) {
            return result.getInt(1);
        }
    }
}
