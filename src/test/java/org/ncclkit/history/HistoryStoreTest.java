package org.ncclkit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.results.BenchmarkRun;

class HistoryStoreTest {
    @TempDir
    Path folder;

    @Test
    void aRecordedRunReadsBackWithItsFingerprintAndEveryRow() {
        BenchmarkRun run = SyntheticResults.sweep();
        try (HistoryStore store = HistoryStore.open(folder.resolve("deep/er/history.db"))) {
            long id = store.add("perf", true, SyntheticResults.FINGERPRINT, run);

            RecordedRun back = store.get(id).orElseThrow();

            assertThat(back.kind()).isEqualTo("perf");
            assertThat(back.passed()).isTrue();
            assertThat(back.fingerprint()).isEqualTo(SyntheticResults.FINGERPRINT);
            assertThat(back.fingerprint().id()).isEqualTo(SyntheticResults.FINGERPRINT.id());
            assertThat(back.run().rows()).isEqualTo(run.rows());
            assertThat(back.run().facts().devices()).isEqualTo(run.facts().devices());
            assertThat(back.run().averageBusBandwidth()).isEqualTo(120.0);
            assertThat(store.list()).extracting(RecordedRun::id).containsExactly(id);
            assertThat(store.latest().orElseThrow().id()).isEqualTo(id);
        }
    }

    @Test
    void theBaselineIsTheNewestPassingRunOfTheSameFingerprintAndCollective() {
        BenchmarkRun run = SyntheticResults.sweep();
        Fingerprint other = new Fingerprint(List.of("node-c"), "NVIDIA H100 80GB HBM3", "580.159.04", "2.27.7", "none",
                "none", java.util.Map.of(), "ncclkit perf all_reduce");
        try (HistoryStore store = HistoryStore.open(folder.resolve("history.db"))) {
            long first = store.add("perf", true, SyntheticResults.FINGERPRINT, run);
            long failed = store.add("perf", false, SyntheticResults.FINGERPRINT, run);
            store.add("perf", true, other, run);
            long second = store.add("perf", true, SyntheticResults.FINGERPRINT, run);
            long candidate = store.add("perf", true, SyntheticResults.FINGERPRINT, run);

            assertThat(store.passedBefore(SyntheticResults.FINGERPRINT.id(), "all_reduce", candidate, 5))
                    .extracting(RecordedRun::id).containsExactly(second, first).doesNotContain(failed);
            assertThat(store.passedBefore(SyntheticResults.FINGERPRINT.id(), "all_gather", candidate, 5)).isEmpty();
        }
    }

    /**
     * A store as an ncclkit of schema {@code version} wrote it: one perf run of one row, with the row's columns of
     * that schema beyond the first's.
     */
    private Path storeOfSchema(int version, String moreRowColumns, String moreRowValues) throws Exception {
        Path file = folder.resolve("v" + version + ".db");
        HistoryStore.open(file, version).close();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = sql.createStatement()) {
            s.executeUpdate("INSERT INTO runs (recorded_at, kind, passed, fingerprint, hosts, gpu, driver, nccl, plugin, "
                    + "libfabric, environment, command, collective, source, tool, devices, complete, avg_busbw, out_of_bounds) "
                    + "VALUES ('2026-11-25T10:00:00Z', 'perf', 1, 'abc', '[\"vm\"]', 'NVIDIA H200', '580.159.04', '2.28.9', "
                    + "'none', 'none', '{}', 'ncclkit perf all_reduce', 'all_reduce', 'ncclkit perf', 'ncclkit', '[]', 1, 1.5, 0)");
            s.executeUpdate("INSERT INTO rows (run_id, position, placement, size_bytes, count, type, redop, root, time_us, "
                    + "algbw, busbw, wrong" + moreRowColumns + ") VALUES (1, 0, 'out_of_place', 1048576, 262144, 'float', 'sum', -1, "
                    + "10.0, 104.9, 183.5, 0" + moreRowValues + ")");
        }
        return file;
    }

    private static int schemaVersion(Path file) throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = sql.createStatement()) {
            return Schema.version(s);
        }
    }

    @Test
    void aStoreOfTheFirstSchemaOpensAndIsMigrated() throws Exception {
        Path file = storeOfSchema(1, "", ""); // no cv_pct column yet

        try (HistoryStore store = HistoryStore.open(file)) {
            RecordedRun old = store.get(1).orElseThrow();
            assertThat(old.run().rows().getFirst().outOfPlace().busBandwidth()).isEqualTo(183.5);
            assertThat(old.run().rows().getFirst().outOfPlace().cvPercent()).isNull();
            assertThat(old.run().rows().getFirst().inPlace()).isNull();
            long next = store.add("perf", true, SyntheticResults.FINGERPRINT, SyntheticResults.sweep());
            assertThat(next).isEqualTo(2);
        }
        assertThat(schemaVersion(file)).isEqualTo(Schema.CURRENT);
    }

    @Test
    void aStoreOfTheSecondSchemaOpensAndIsMigratedToKeepDocuments() throws Exception {
        Path file = storeOfSchema(2, ", cv_pct", ", 1.25"); // cv_pct, but no document nor verdict

        try (HistoryStore store = HistoryStore.open(file)) {
            RecordedRun old = store.get(1).orElseThrow();
            assertThat(old.run().rows().getFirst().outOfPlace().cvPercent()).isEqualTo(1.25);
            assertThat(old.document()).isNull();
            assertThat(old.verdict()).isNull();
            long validate = SyntheticReports.recordValidate(store, 1.0);
            assertThat(validate).isEqualTo(2);
            assertThat(store.get(validate).orElseThrow().document()).contains("\"schema\" : \"ncclkit.validate/1\"");
            assertThat(store.list()).extracting(RecordedRun::verdict).containsExactly(null, "2 PASS, 0 SUSPECT, 0 FAIL");
        }
        assertThat(schemaVersion(file)).isEqualTo(3).isEqualTo(Schema.CURRENT);
    }

    @Test
    void aStoreOfANewerNcclkitIsRefusedNotDamaged() throws Exception {
        Path file = folder.resolve("future.db");
        HistoryStore.open(file).close();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = sql.createStatement()) {
            s.executeUpdate("PRAGMA user_version = " + (Schema.CURRENT + 1));
        }

        assertThatThrownBy(() -> HistoryStore.open(file)).isInstanceOf(HistoryException.class)
                .hasMessageContaining(file + " was written by a newer ncclkit (schema version " + (Schema.CURRENT + 1));
    }

    @Test
    void twoProcessesWritingAThousandRunsEachAtOnceLoseNothing() throws Exception {
        Path file = folder.resolve("shared.db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            writers.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                    System.getProperty("java.class.path"), HistoryWriter.class.getName(), file.toString(), "1000")
                    .redirectErrorStream(true).redirectOutput(folder.resolve("writer" + w + ".log").toFile()).start());
        }
        for (Process writer : writers) {
            try {
                assertThat(writer.waitFor(120, TimeUnit.SECONDS)).as("writer finished within 120 s").isTrue();
            } finally {
                writer.destroyForcibly();
            }
            assertThat(writer.exitValue()).as(new File(folder.toFile(), "writer0.log").toString()).isZero();
        }

        try (HistoryStore store = HistoryStore.open(file)) {
            List<RecordedRun> runs = store.list();
            assertThat(runs).hasSize(2000);
            assertThat(runs.stream().map(r -> r.run().source()).distinct()).hasSize(2000);
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = sql.createStatement();
             var rows = s.executeQuery("SELECT COUNT(*) FROM rows")) {
            assertThat(rows.getLong(1)).isEqualTo(2000L * 2 * SyntheticResults.sweep().rows().size());
        }
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = sql.createStatement();
             var documents = s.executeQuery("SELECT COUNT(*) FROM runs WHERE document = '{\"source\":\"' || source || '\"}'")) {
            assertThat(documents.getLong(1)).as("every run with its own document").isEqualTo(2000L);
        }
    }
}
