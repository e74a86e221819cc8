package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.history.HistoryStore;
import org.ncclkit.history.SyntheticReports;
import org.ncclkit.results.Captures;
import org.ncclkit.validate.ValidateReport;

class HistoryCommandTest {
    @TempDir
    Path folder;

    private final InProcessCli cli = new InProcessCli();

    private String store() {
        return folder.resolve("history.db").toString();
    }

    /** The nccl-tests capture with the bus bandwidth of its 2 MiB and 8 MiB rows cut by 10 %. */
    private Path degradedCopy() throws Exception {
        List<String> lines = Captures.lines(Captures.NCCL_TESTS_SOCKET).stream().map(line -> line
                .replace("2097152        524288     float     sum      -1   830.84    2.52    2.52",
                        "2097152        524288     float     sum      -1   923.16    2.27    2.27")
                .replace("8388608       2097152     float     sum      -1  2801.54    2.99    2.99",
                        "8388608       2097152     float     sum      -1  3112.82    2.69    2.69")).toList();
        Path copy = folder.resolve("all_reduce_perf-after-upgrade.log");
        Files.write(copy, lines);
        return copy;
    }

    @Test
    void importedRunsAreListedOnePerLineWithTheirIdFirst() throws Exception {
        assertThat(cli.run("history", "import", "--history", store(), Captures.path(Captures.NCCL_TESTS_SOCKET).toString(),
                Captures.path(Captures.SEED).toString())).isZero();
        assertThat(cli.out()).contains("imported run 1 from", "(all_reduce, nccl-tests, 11 rows)")
                .contains("imported run 2 from", "(all_reduce, nccl-tests, 28 rows)");
        cli.clear();

        assertThat(cli.run("history", "list", "--history", store())).isZero();

        List<String> lines = cli.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("ID  RECORDED");
        assertThat(lines.get(1)).startsWith("1 ").contains("import", "all_reduce", "NVIDIA H200", "2.28.9", "0.78", "pass");
        assertThat(lines.get(2)).startsWith("2 ").contains("2.4.8");
    }

    @Test
    void aPerIterationJsonAndTheTaggedTextOfTheSameRunImportWithTheSameRows() {
        assertThat(cli.run("history", "import", "--history", store(), Captures.path(Captures.TAGGED_I1_JSON_RANK_0).toString(),
                Captures.path(Captures.TAGGED_I1_TEXT).toString())).as(cli.err()).isZero();
        assertThat(cli.out()).contains("imported run 1 from", "tagged-I1-0.json (all_reduce, nccl-tests, 11 rows)")
                .contains("imported run 2 from", "all_reduce-tag-output-I1.txt (all_reduce, nccl-tests, 11 rows)");
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store(), "1")).isZero();
        assertThat(cli.out()).contains("Run          1 (import, all_reduce, passed)", "hosts       vm",
                "nccl        2.28.9", "NCCL_HOSTID=node0").containsPattern("8388608 +float +sum +-1 +9\\.22 +909\\.76 ");
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store(), "2")).isZero();
        assertThat(cli.out()).as("the text's [1,0] table, not [1,1]'s").contains("hosts       vm")
                .containsPattern("8388608 +float +sum +-1 +9\\.22 +909\\.76 ").containsPattern("131072 +float +sum +-1 +10\\.46 ");
    }

    @Test
    void showPrintsTheFingerprintAndTheRows() {
        cli.run("history", "import", "--history", store(), Captures.path(Captures.NCCL_TESTS_SOCKET).toString());
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store(), "1")).isZero();

        assertThat(cli.out()).contains("Run          1 (import, all_reduce, passed)", "hosts       vm", "nccl        2.28.9")
                .contains("8388608  float  sum    -1    2801.54");
    }

    @Test
    void compareFindsTheDegradedSizesAndExitsSeven() throws Exception {
        cli.run("history", "import", "--history", store(), Captures.path(Captures.NCCL_TESTS_SOCKET).toString(),
                degradedCopy().toString());
        cli.clear();

        int status = cli.run("history", "compare", "--history", store(), "1", "2");

        assertThat(status).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(cli.out()).contains("Setup      the same fingerprint")
                .containsPattern("2097152\\s+float\\s+sum\\s+out_of_place\\s+2.52\\s+2.27\\s+-9.9%\\s+0.0%\\s+REGRESSION")
                .containsPattern("8388608\\s+float\\s+sum\\s+out_of_place\\s+2.99\\s+2.69\\s+-10.0%\\s+0.0%\\s+REGRESSION")
                .containsPattern("8388608\\s+float\\s+sum\\s+in_place\\s+3.03\\s+3.03\\s+\\+0.0%\\s+0.0%\\s+ok")
                .contains("Verdict    REGRESSION at 2 of 4 sizes of 1 MiB or more");
    }

    @Test
    void compareWithTheLastPassingRunOfTheSameSetupPassesOnTheSameNumbers() {
        String capture = Captures.path(Captures.NCCL_TESTS_SOCKET).toString();
        cli.run("history", "import", "--history", store(), capture, capture);
        cli.clear();

        assertThat(cli.run("history", "compare", "--history", store(), "--baseline", "last-pass")).isZero();
        assertThat(cli.out()).contains("Baseline   run 1", "Candidate  run 2", "no regression at 4 sizes");
    }

    /** A store with a passing validate run and then one at {@code scale} times its bus bandwidth, of the same fingerprint. */
    private void validateRuns(double scale) {
        try (HistoryStore history = HistoryStore.open(Path.of(store()))) {
            SyntheticReports.recordValidate(history, 1.0);
            SyntheticReports.recordValidate(history, scale);
        }
    }

    @Test
    void aValidateRunTenPercentBelowThePassedBaselineIsARegressionOfEachCollectiveRun() {
        validateRuns(0.90);

        int status = cli.run("history", "compare", "--history", store(), "--baseline", "last-pass");

        assertThat(status).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(cli.out()).contains("Baseline   run 1", "Candidate  run 2", "Setup      the same fingerprint")
                .containsPattern("SIZE +COLLECTIVE +RUN +PLACEMENT")
                .containsPattern("1073741824 +all_reduce +all GPUs +out_of_place +180.00 +162.00 +-10.0% +0.0% +REGRESSION")
                .containsPattern("1073741824 +all_reduce +network only +out_of_place +45.00 +40.50 +-10.0% +0.0% +REGRESSION")
                .contains("Verdict    REGRESSION at 3 of 3 sizes of 1 MiB or more");
    }

    @Test
    void aValidateRunOnePercentBelowThePassedBaselineIsNoRegression() {
        validateRuns(0.99);

        assertThat(cli.run("history", "compare", "--history", store(), "--baseline", "last-pass")).isZero();
        assertThat(cli.out()).containsPattern("1073741824 +all_reduce +all GPUs +out_of_place +180.00 +178.20 +-1.0% +0.0% +ok")
                .contains("Verdict    no regression at 3 sizes of 1 MiB or more");
    }

    @Test
    void showJsonPrintsTheDocumentOfAValidateRunAndRefusesARunWithoutOne() throws Exception {
        validateRuns(1.0);
        cli.run("history", "import", "--history", store(), Captures.path(Captures.NCCL_TESTS_SOCKET).toString());
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store(), "--json", "2")).isZero();
        assertThat(ValidateReport.read(cli.out())).isEqualTo(SyntheticReports.validate(1.0));
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store(), "--json", "3")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.out()).isEmpty();
        assertThat(cli.err()).isEqualTo("ncclkit: error: run 3 (import) has no JSON document: only check and validate runs "
                + "that got as far as their report keep one; history show 3 prints the run\n");
    }

    @Test
    void badInputIsOneLineAndExitSix() throws Exception {
        Path notResults = folder.resolve("notes.txt");
        Files.writeString(notResults, "hello\n");

        assertThat(cli.run("history", "import", "--history", store(), notResults.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("ncclkit: error: " + notResults + ": no nccl-tests results table (no line with "
                + "the columns size, count, type, time, algbw, busbw)\n");
        assertThat(cli.run("history", "list", "--history", store())).isZero();
        assertThat(cli.out().lines()).as("nothing half-imported").hasSize(1);
        cli.clear();

        assertThat(cli.run("history", "show", "--history", store(), "7")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("no run 7 in the history");
        assertThat(cli.run("history", "compare", "--history", store(), "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("history", "compare", "--history", store(), "--baseline", "best")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("history", "compare", "--history", store(), "--tolerance", "-1", "1", "2")).isEqualTo(ExitCodes.USAGE);
    }
}
