package org.ncclkit.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.RankDevice;
import org.ncclkit.results.RunFacts;
import org.ncclkit.results.SizeRow;
import org.sqlite.SQLiteConfig;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The run history: one SQLite file. Every write is one immediate transaction and a writer waits up to
 * {@link #BUSY_TIMEOUT_MS} for another's lock, so the ranks of a run and two runs at once lose nothing. The rollback
 * journal (not WAL) is used because the store often sits in a home directory on NFS, where WAL is unsafe.
 */
public final class HistoryStore implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 60_000;
    private static final JsonMapper JSON = JsonMapper.shared();

    /** Every column of runs but the document, which can be large and which list does not show. */
    private static final String LISTED_COLUMNS = "id, recorded_at, kind, passed, fingerprint, hosts, gpu, driver, nccl, "
            + "plugin, libfabric, environment, command, collective, source, tool, devices, complete, avg_busbw, "
            + "out_of_bounds, verdict";

    private final Connection connection;

    private HistoryStore(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the store at {@code file}, brought up to the current schema. */
    public static HistoryStore open(Path file) {
        return open(file, Schema.CURRENT);
    }

    /** Opens the store migrated only up to {@code version}: how tests make a store of an older ncclkit. */
    static HistoryStore open(Path file, int version) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            SQLiteConfig config = new SQLiteConfig();
            config.setBusyTimeout(BUSY_TIMEOUT_MS);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.setJournalMode(SQLiteConfig.JournalMode.DELETE);
            config.enforceForeignKeys(true);
            Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try {
                Schema.migrate(connection, version, file.toString());
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new HistoryStore(connection);
        } catch (IOException e) {
            throw new HistoryException("cannot create the history's folder for " + file + ": " + e.getMessage());
        } catch (SQLException e) {
            throw new HistoryException("cannot open the history " + file + ": " + e.getMessage());
        }
    }

    /** Records a run of perf or an imported file (no document of its own) and returns its ID. */
    public long add(String kind, boolean passed, Fingerprint fingerprint, BenchmarkRun run) {
        return add(new Recording(kind, passed, fingerprint, run, null, null));
    }

    /** Records a run and returns its ID. */
    public long add(Recording recording) {
        try {
            connection.setAutoCommit(false);
            try {
                long id = insertRun(recording);
                insertRows(id, recording.run().rows());
                connection.commit();
                return id;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new HistoryException("cannot record the run in the history: " + e.getMessage());
        }
    }

    private long insertRun(Recording recording) throws SQLException {
        String sql = """
                INSERT INTO runs (recorded_at, kind, passed, fingerprint, hosts, gpu, driver, nccl, plugin, libfabric,
                  environment, command, collective, source, tool, devices, complete, avg_busbw, out_of_bounds, document,
                  verdict)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        Fingerprint f = recording.fingerprint();
        BenchmarkRun run = recording.run();
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = 0;
            insert.setString(++i, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            insert.setString(++i, recording.kind());
            insert.setInt(++i, recording.passed() ? 1 : 0);
            insert.setString(++i, f.id());
            insert.setString(++i, JSON.writeValueAsString(f.hosts()));
            insert.setString(++i, f.gpuModel());
            insert.setString(++i, f.driver());
            insert.setString(++i, f.nccl());
            insert.setString(++i, f.plugin());
            insert.setString(++i, f.libfabric());
            insert.setString(++i, JSON.writeValueAsString(f.environment()));
            insert.setString(++i, f.command());
            insert.setString(++i, run.collective());
            insert.setString(++i, run.source());
            insert.setString(++i, run.facts().tool());
            insert.setString(++i, JSON.writeValueAsString(run.facts().devices()));
            insert.setInt(++i, run.complete() ? 1 : 0);
            insert.setObject(++i, run.averageBusBandwidth());
            insert.setObject(++i, run.outOfBounds());
            insert.setString(++i, recording.document());
            insert.setString(++i, recording.verdict());
            insert.executeUpdate();
        }
        try (var statement = connection.createStatement(); ResultSet key = statement.executeQuery("SELECT last_insert_rowid()")) {
            return key.getLong(1);
        }
    }

    private void insertRows(long runId, List<SizeRow> rows) throws SQLException {
        String sql = """
                INSERT INTO rows (run_id, position, placement, size_bytes, count, type, redop, root, time_us, algbw,
                  busbw, wrong, cv_pct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int position = 0; position < rows.size(); position++) {
                SizeRow row = rows.get(position);
                addRow(insert, runId, position, "out_of_place", row, row.outOfPlace());
                addRow(insert, runId, position, "in_place", row, row.inPlace());
            }
            insert.executeBatch();
        }
    }

    private static void addRow(PreparedStatement insert, long runId, int position, String placement, SizeRow row,
                               Placement p) throws SQLException {
        if (p == null) {
            return;
        }
        int i = 0;
        insert.setLong(++i, runId);
        insert.setInt(++i, position);
        insert.setString(++i, placement);
        insert.setLong(++i, row.sizeBytes());
        insert.setLong(++i, row.count());
        insert.setString(++i, row.type());
        insert.setString(++i, row.redop());
        insert.setInt(++i, row.root());
        insert.setObject(++i, finiteOrNull(p.timeMicros()));
        insert.setObject(++i, finiteOrNull(p.algorithmBandwidth()));
        insert.setObject(++i, finiteOrNull(p.busBandwidth()));
        insert.setObject(++i, p.wrong());
        insert.setObject(++i, p.cvPercent());
        insert.addBatch();
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** Every run, oldest first, without rows or documents (for {@code history list}). */
    public List<RecordedRun> list() {
        return query("SELECT " + LISTED_COLUMNS + " FROM runs ORDER BY id", List.of(), false);
    }

    /** The run with this ID, with its rows. */
    public Optional<RecordedRun> get(long id) {
        return query("SELECT * FROM runs WHERE id = ?", List.of(id), true).stream().findFirst();
    }

    /** The newest run, with its rows. */
    public Optional<RecordedRun> latest() {
        return query("SELECT * FROM runs ORDER BY id DESC LIMIT 1", List.of(), true).stream().findFirst();
    }

    /** Up to {@code limit} passing runs of this fingerprint and collective recorded before {@code beforeId}, newest first. */
    public List<RecordedRun> passedBefore(String fingerprint, String collective, long beforeId, int limit) {
        return query("SELECT * FROM runs WHERE fingerprint = ? AND collective = ? AND passed = 1 AND id < ? "
                + "ORDER BY id DESC LIMIT ?", List.of(fingerprint, collective, beforeId, limit), true);
    }

    private List<RecordedRun> query(String sql, List<Object> parameters, boolean withRows) {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<RecordedRun> runs = new ArrayList<>();
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    runs.add(recordedRun(r, withRows));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new HistoryException("cannot read the history: " + e.getMessage());
        }
    }

    /** {@code withRows}: the run's rows and document too (every query but list's). */
    private RecordedRun recordedRun(ResultSet r, boolean withRows) throws SQLException {
        long id = r.getLong("id");
        Map<String, String> environment = JSON.readValue(r.getString("environment"), new TypeReference<LinkedHashMap<String, String>>() { });
        List<String> hosts = JSON.readValue(r.getString("hosts"), new TypeReference<List<String>>() { });
        Fingerprint fingerprint = new Fingerprint(hosts, r.getString("gpu"), r.getString("driver"), r.getString("nccl"),
                r.getString("plugin"), r.getString("libfabric"), environment, r.getString("command"));
        List<RankDevice> devices = JSON.readValue(r.getString("devices"), new TypeReference<List<RankDevice>>() { });
        RunFacts facts = new RunFacts(r.getString("tool"), "", fingerprint.nccl(), devices, fingerprint.command(),
                environment, r.getString("recorded_at"));
        Double average = nullableDouble(r, "avg_busbw");
        Long outOfBounds = r.getObject("out_of_bounds") == null ? null : r.getLong("out_of_bounds");
        BenchmarkRun run = new BenchmarkRun(r.getString("source"), r.getString("collective"), facts,
                withRows ? rows(id) : List.of(), r.getInt("complete") == 1, average, outOfBounds);
        return new RecordedRun(id, r.getString("recorded_at"), r.getString("kind"), r.getInt("passed") == 1,
                fingerprint, run, r.getString("verdict"), withRows ? r.getString("document") : null);
    }

    private List<SizeRow> rows(long runId) throws SQLException {
        Map<Integer, SizeRow> rows = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT * FROM rows WHERE run_id = ? ORDER BY position, placement DESC")) {
            select.setLong(1, runId);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    Placement p = new Placement(doubleOrNaN(r, "time_us"), doubleOrNaN(r, "algbw"),
                            doubleOrNaN(r, "busbw"), nullableDouble(r, "wrong"), nullableDouble(r, "cv_pct"));
                    boolean outOfPlace = r.getString("placement").equals("out_of_place");
                    SizeRow row = rows.get(r.getInt("position"));
                    if (row == null) {
                        row = new SizeRow(r.getLong("size_bytes"), r.getLong("count"), r.getString("type"),
                                r.getString("redop"), r.getInt("root"), null, null);
                    }
                    rows.put(r.getInt("position"), new SizeRow(row.sizeBytes(), row.count(), row.type(), row.redop(),
                            row.root(), outOfPlace ? p : row.outOfPlace(), outOfPlace ? row.inPlace() : p));
                }
            }
        }
        return List.copyOf(rows.values());
    }

    private static double doubleOrNaN(ResultSet r, String column) throws SQLException {
        Double value = nullableDouble(r, column);
        return value == null ? Double.NaN : value;
    }

    private static Double nullableDouble(ResultSet r, String column) throws SQLException {
        return r.getObject(column) == null ? null : r.getDouble(column);
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new HistoryException("cannot close the history: " + e.getMessage());
        }
    }
}
