package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.bench.CommunicatorSetup;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.PerIterationStats;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;

/** Expected lines are what nccl-tests 2.19.6's format strings print for the same values (checked with glibc). */
class NcclTestsTextTest {

    @Test
    void rowMatchesNcclTestsColumnsForASmallAllReduce() {
        assertThat(NcclTestsText.row(Runs.SMALL_ROW)).isEqualTo(
                "           8             2     float     sum      -1    19.90    0.00    0.00       0    18.96    0.00    0.00       0\n");
    }

    @Test
    void rowPrintsNotAvailableWhenDataWasNotCheckedAndSqueezesLargeNumbers() {
        ResultRow row = new ResultRow(134217728, 33554432, "float", "sum", -1,
                new Measurement(51406.3, 2610.9, 4569.1, null, null),
                new Measurement(1234567.0, 1234567.0, 12.5, null, null), 20, null);

        assertThat(NcclTestsText.row(row)).isEqualTo(
                "   134217728      33554432     float     sum      -1  51406.3  2610.9  4569.1    N/A  1234567   1e+06   12.50    N/A\n");
    }

    @Test
    void rowAddsPerIterationColumnsThenTheTimestampAtTheEnd() {
        ResultRow row = new ResultRow(1048576, 262144, "float", "none", 0,
                new Measurement(25.5, 41.12, 71.96, 1234567L, stats(24.1, 30.25, 29.9, 3.2)),
                new Measurement(24.0, 43.69, 76.46, 3L, stats(23.5, 12345678.9, 26.0, 0.5)), 20,
                "2026-07-10 12:00:00");

        assertThat(NcclTestsText.row(row)).isEqualTo("     1048576        262144     float    none       0"
                + "    25.50   41.12   71.96  1.23457e+06    24.10    30.25    29.90     3.20"
                + "    24.00   43.69   76.46       3    23.50  1.2e+07    26.00     0.50  2026-07-10 12:00:00\n");
    }

    @Test
    void headerMatchesNcclTestsLayoutForADefaultRun() {
        Runs run = new Runs();

        assertThat(NcclTestsText.header(run.config(), "0.1.0", 22809, List.of(Runs.DEVICE))).isEqualTo("""
                # ncclkit 0.1.0 (nccl-tests 2.19 format) nccl-library=22809
                # Collective test starting: all_reduce_perf
                # nThread 1 nGpus 1 minBytes 8 maxBytes 134217728 step: 2(factor) warmup iters: 1 iters: 20 agg iters: 1 validation: 1 graph: 0 unalign: 0
                #
                # Using devices
                #  Rank  0 Group  0 Pid  12345 on   nodeA-01 device  0 [0000:53:00] NVIDIA H100 80GB HBM3
                #
                #                                                              out-of-place                       in-place         \s
                #       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   busbw  #wrong\s
                #        (B)    (elements)                               (us)  (GB/s)  (GB/s)             (us)  (GB/s)  (GB/s)        \s
                """);
    }

    @Test
    void headerShowsByteStepsBlockingAndPerIterationColumnsWithCpuTimeAndTimestamps() {
        Runs run = new Runs();
        run.stepFactor = 1;
        run.blocking = 1;
        run.perIterationTiming = true;
        run.perIterationSkip = 2;
        run.reportCpuTime = true;
        run.reportTimestamps = true;

        assertThat(NcclTestsText.header(run.config(), "0.1.0", 22809, List.of())).isEqualTo("""
                # ncclkit 0.1.0 (nccl-tests 2.19 format) nccl-library=22809
                # Collective test starting: all_reduce_perf
                # nThread 1 nGpus 1 minBytes 8 maxBytes 134217728 step: 1048576(bytes) warmup iters: 1 iters: 20 agg iters: 1 validation: 1 graph: 0 unalign: 0
                # Blocking Enabled: wait and barrier after each inner iteration (-m)\s
                # Per-Iteration Report: CUDA event timing; i_* uses max over process rows; summary skips first 2 iterations\s
                #
                # Using devices
                #
                #                                                                 out-of-place (+ per-iteration)                                in-place (+ per-iteration)
                #       size         count      type   redop    root  cputime   algbw   busbw  #wrong    i_min    i_max    i_p99    i_cv%  cputime   algbw   busbw  #wrong    i_min    i_max    i_p99    i_cv%           timestamp
                #        (B)    (elements)                               (us)  (GB/s)  (GB/s)             (us)     (us)     (us)      (%)     (us)  (GB/s)  (GB/s)             (us)     (us)     (us)      (%)   %Y-%m-%d %H:%M:%S
                """);
    }

    @Test
    void deviceLineTakesTheBusIdFromCudaOrNvmlForm() {
        String fromNvml = NcclTestsText.deviceLine(Runs.DEVICE);
        String fromCuda = NcclTestsText.deviceLine(new org.ncclkit.bench.DeviceLine(0, 0, 12345, "nodeA-01", 0,
                "0000:53:00.0", "NVIDIA H100 80GB HBM3"));

        assertThat(fromNvml).isEqualTo(
                "#  Rank  0 Group  0 Pid  12345 on   nodeA-01 device  0 [0000:53:00] NVIDIA H100 80GB HBM3");
        assertThat(fromCuda).isEqualTo(fromNvml);
    }

    @Test
    void footerSaysOkAndLeavesTheBandwidthVerdictBlankWithoutAMinimum() {
        Runs run = new Runs();
        run.rows = List.of(rowWithBusBandwidth(52.9753, 0L));

        assertThat(NcclTestsText.footer(run.report())).isEqualTo("""
                # Out of bounds values : 0 OK
                # Avg bus bandwidth    : 52.9753\s
                #
                # Collective test concluded: all_reduce_perf
                #

                """);
    }

    @Test
    void footerFailsOnWrongElementsAndOnBandwidthBelowNinetyPercentOfTheMinimum() {
        Runs run = new Runs();
        run.rows = List.of(rowWithBusBandwidth(89.9, 5L));
        run.minBusBandwidth = 100;

        assertThat(NcclTestsText.footer(run.report())).startsWith("""
                # Out of bounds values : 1 FAILED
                # Avg bus bandwidth    : 89.9 FAILED
                """);
    }

    @Test
    void footerPassesBandwidthAtNinetyPercentOfTheMinimum() {
        Runs run = new Runs();
        run.rows = List.of(rowWithBusBandwidth(90, 0L));
        run.minBusBandwidth = 100;

        assertThat(NcclTestsText.footer(run.report())).contains("# Avg bus bandwidth    : 90 OK\n");
    }

    @Test
    void footerReportsGpuMemoryInBinaryUnitsWhenAsked() {
        Runs run = new Runs();
        run.memoryReport = true;
        run.memory = new RunReport.MemoryUsage(1288490188, 536870912, 104857600, 1930218700);

        assertThat(NcclTestsText.footer(run.report())).contains("# Collective test concluded: all_reduce_perf\n"
                + "# GPU memory usage     : Initialization 1.20 GB | User-Allocated 512 MB | Collective 100 MB"
                + " | Total  1.80 GB\n#\n");
    }

    @Test
    void memoryAmountsKeepAboutThreeSignificantDigits() {
        assertThat(List.of(0L, 512L, 1536L, 50L * 1024 * 1024 + 123)).map(NcclTestsText::memory)
                .containsExactly("0.00 B", "512 B", "1.50 KB", "50.0 MB");
    }

    @Test
    void footerEndsWithNcclsLastErrorInsteadOfABlankLine() {
        Runs run = new Runs();
        run.errors = List.of("NET/OFI Request error");

        assertThat(NcclTestsText.footer(run.report())).endsWith("#\n# error: NET/OFI Request error\n");
    }

    private static ResultRow rowWithBusBandwidth(double busBandwidth, long wrong) {
        return new ResultRow(8, 2, "float", "sum", -1, new Measurement(20, busBandwidth, busBandwidth, wrong, null),
                new Measurement(20, busBandwidth, busBandwidth, 0L, null), 20, null);
    }

    private static PerIterationStats stats(double min, double max, double p99, double cv) {
        return new PerIterationStats(0, min, max, 0, 0, 0, p99, 0, cv, List.of());
    }

    @Test
    void headerSaysParallelInitAndTheLoweredMaxBytesWhereNcclTestsDoes() {
        Runs run = new Runs();
        run.setup = new CommunicatorSetup(0, -1, true, false, 16);

        String header = NcclTestsText.header(run.config(), "0.1.0", 22809, List.of(Runs.DEVICE), 28_738_580_480L);

        assertThat(header).contains("unalign: 0\n# Parallel Init Enabled: threads call into NcclInitRank concurrently \n#\n")
                .contains("NVIDIA H100 80GB HBM3\n#\n# Reducing maxBytes to 28738580480 due to memory limitation\n#\n#  ")
                .contains("maxBytes 134217728 "); // the requested size stays on top, as there
    }

    @Test
    void aRunWithoutRowsAveragesToMinusNanLikeCOnX86AndStillPasses() {
        Runs run = new Runs();
        run.rows = List.of();
        run.minBusBandwidth = 100;

        RunReport report = run.report();

        assertThat(NcclTestsText.footer(report)).contains("# Avg bus bandwidth    : -nan OK\n");
        assertThat(report.bandwidthOk()).isTrue();
    }

    @Test
    void outOfBoundsCountsEachThreadThatFoundWrongElementsNotEachPlacement() {
        Runs run = new Runs();
        run.rows = List.of(new ResultRow(8, 2, "float", "sum", -1, new Measurement(1, 1, 1, 7L, null, 3),
                new Measurement(1, 1, 1, 2L, null), 20, null));

        assertThat(run.report().failedChecks()).isEqualTo(4);
        assertThat(NcclTestsText.footer(run.report())).startsWith("# Out of bounds values : 4 FAILED\n");
    }
}
