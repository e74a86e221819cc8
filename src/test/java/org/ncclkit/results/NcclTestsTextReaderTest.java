package org.ncclkit.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NcclTestsTextReaderTest {
    @TempDir
    Path folder;

    private static BenchmarkRun read(List<String> lines, String name) {
        return NcclTestsTextReader.read(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")), name);
    }

    @Test
    void readsTodaysLayoutWithNcclInfoLinesBetweenTheRows() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.NCCL_TESTS_SOCKET));

        assertThat(run.collective()).isEqualTo("all_reduce");
        assertThat(run.facts().tool()).isEqualTo("nccl-tests");
        assertThat(run.facts().toolVersion()).isEqualTo("2.19.6");
        assertThat(run.facts().ncclVersion()).isEqualTo("2.28.9");
        assertThat(run.facts().devices()).containsExactly(
                new RankDevice(0, 0, 2808, "vm", 0, "0000:00:06", "NVIDIA H200"),
                new RankDevice(1, 0, 2809, "vm", 1, "0000:00:07", "NVIDIA H200"));
        assertThat(run.rows()).hasSize(11);
        assertThat(run.rows().getFirst()).isEqualTo(new SizeRow(8, 2, "float", "sum", -1,
                new Placement(40.04, 0.00, 0.00, 0.0, null), new Placement(40.67, 0.00, 0.00, 0.0, null)));
        assertThat(run.rows().getLast().sizeBytes()).isEqualTo(8388608);
        assertThat(run.rows().getLast().inPlace().busBandwidth()).isEqualTo(3.03);
        assertThat(run.complete()).isTrue();
        assertThat(run.averageBusBandwidth()).isEqualTo(0.784621);
        assertThat(run.outOfBounds()).isZero();
        assertThat(run.hasWrongResults()).isFalse();
    }

    @Test
    void readsTheSeedsOldLayoutWithAnErrorColumnAndNoRoot() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.SEED));

        assertThat(run.collective()).as("from the file name, which says all-reduce").isEqualTo("all_reduce");
        assertThat(run.rows()).hasSize(28);
        SizeRow last = run.rows().getLast();
        assertThat(last.sizeBytes()).isEqualTo(1073741824L);
        assertThat(last.root()).isEqualTo(-1);
        assertThat(last.outOfPlace()).isEqualTo(new Placement(228178, 4.71, 8.82, null, null));
        assertThat(last.inPlace().busBandwidth()).isEqualTo(8.95);
        assertThat(run.averageBusBandwidth()).isEqualTo(2.80613);
        assertThat(run.complete()).isTrue();
    }

    @Test
    void launcherPrefixesOfMpirunAndSrunGiveTheSameRows() {
        List<String> plain = Captures.lines(Captures.NCCL_TESTS_SOCKET);
        BenchmarkRun expected = read(plain, "plain.log");

        BenchmarkRun tagged = read(plain.stream().map(l -> "[1,0]<stdout>:" + l).toList(), "tagged.log");
        BenchmarkRun srun = read(plain.stream().map(l -> "0: " + l).toList(), "srun.log");

        assertThat(tagged.rows()).isEqualTo(expected.rows());
        assertThat(srun.rows()).isEqualTo(expected.rows());
        assertThat(tagged.facts().devices()).isEqualTo(expected.facts().devices());
        assertThat(srun.averageBusBandwidth()).isEqualTo(0.784621);
    }

    @Test
    void aFileCutShortKeepsItsWholeRowsAndIsMarkedIncomplete() {
        List<String> lines = Captures.lines(Captures.NCCL_TESTS_SOCKET);
        int fifthRow = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("         512")).findFirst().orElseThrow();
        List<String> cut = new java.util.ArrayList<>(lines.subList(0, fifthRow + 1));
        String sixth = lines.get(fifthRow + 1);
        cut.add(sixth.substring(0, sixth.length() - 20)); // the last row, cut in its in-place half

        BenchmarkRun run = read(cut, "died.log");

        assertThat(run.rows()).extracting(SizeRow::sizeBytes).containsExactly(8L, 32L, 128L, 512L);
        assertThat(run.complete()).isFalse();
        assertThat(run.averageBusBandwidth()).isNull();
    }

    @Test
    void perIterationColumnsGiveTheSpreadOfEachPlacement() {
        List<String> lines = List.of(
                "# Collective test starting: all_gather_perf",
                "#       size         count      type   redop    root     time   algbw   busbw  #wrong    i_min    i_max    i_p99    i_cv%     time   algbw   busbw  #wrong    i_min    i_max    i_p99    i_cv% ",
                "     1048576        262144     float    none      -1    20.10   52.17   52.17       0    19.80    21.40    21.30     1.52    20.30   51.65   51.65       0    19.90    22.10    21.90     2.10");

        SizeRow row = read(lines, "i.log").rows().getFirst();

        assertThat(row.outOfPlace()).isEqualTo(new Placement(20.10, 52.17, 52.17, 0.0, 1.52));
        assertThat(row.inPlace().cvPercent()).isEqualTo(2.10);
    }

    @Test
    void hypercubesEmptyRedopDoesNotShiftTheColumns() {
        List<String> lines = List.of(
                "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong ",
                "        1024           256     float              -1    12.50    0.08    0.08       0    12.40    0.08    0.08       0");

        SizeRow row = read(lines, "hypercube_perf.log").rows().getFirst();

        assertThat(row.redop()).isEmpty();
        assertThat(row.root()).isEqualTo(-1);
        assertThat(row.outOfPlace().timeMicros()).isEqualTo(12.50);
    }

    @Test
    void notApplicableWrongCountsAreUnknownNotZero() {
        List<String> lines = List.of(
                "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong ",
                "     1048576        262144     float    none      -1    20.10   52.17   52.17       0    20.30   51.65   51.65     N/A");

        SizeRow row = read(lines, "alltoall_perf.log").rows().getFirst();

        assertThat(row.inPlace().wrong()).isNull();
        assertThat(row.outOfPlace().wrong()).isZero();
    }

    @Test
    void aLogWithoutAResultsTableIsOneClearError() throws Exception {
        Path log = folder.resolve("pytorch.log");
        Files.write(log, Captures.lines("/org/ncclkit/logs/efa-no-gdrdma-g5-pytorch-2.23.4.log"));

        assertThatThrownBy(() -> ResultsFiles.read(log)).isInstanceOf(ResultsFormatException.class)
                .hasMessage(log + ": no nccl-tests results table (no line with the columns size, count, type, time, "
                        + "algbw, busbw)");
    }

    @Test
    void aMissingFileOrADeviceIsNamed() {
        assertThatThrownBy(() -> ResultsFiles.read(folder.resolve("nope.log")))
                .hasMessage(folder.resolve("nope.log") + ": no such file");
        assertThatThrownBy(() -> ResultsFiles.read(Path.of("/dev/zero"))).hasMessage("/dev/zero: not a regular file");
    }

    @Test
    void theCollectiveComesFromTheFileNameWhenTheOutputDoesNotSayIt() {
        assertThat(NcclTestsTextReader.collectiveFromName("runs/reduce_scatter_perf-2n.log")).isEqualTo("reduce_scatter");
        assertThat(NcclTestsTextReader.collectiveFromName("all-gather.txt")).isEqualTo("all_gather");
        assertThat(NcclTestsTextReader.collectiveFromName("job-1234.out")).isEqualTo("unknown");
    }

    @Test
    void rowsOfEveryRankUnderTagOutputAreReadFromRankZerosLinesOnly() {
        // nccl-tests prints the table on rank 0 only; other ranks' prefixed lines are NCCL's and never rows
        List<String> lines = Captures.lines(Captures.NCCL_TESTS_SOCKET).stream()
                .map(l -> (l.contains("NCCL INFO") && l.startsWith("vm:2809") ? "[1,1]<stdout>:" : "[1,0]<stdout>:") + l)
                .collect(Collectors.toList());

        assertThat(read(lines, "t.log").rows()).hasSize(11);
    }
}
