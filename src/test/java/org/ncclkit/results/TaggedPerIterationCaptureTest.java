package org.ncclkit.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Two 1-rank {@code all_reduce_perf -I 1} runs under {@code mpirun --tag-output}, captured on the H100 with their
 * {@code -J} JSON (src/test/resources/org/ncclkit/results/gpu/README.md), read through {@link ResultsFiles#read}, the
 * entry point of {@code report} and {@code history import}. Both runs call themselves rank 0; the launcher's
 * {@code [1,0]}/{@code [1,1]} tags tell them apart.
 */
class TaggedPerIterationCaptureTest {
    private static final List<Long> SIZES = List.of(8L, 32L, 128L, 512L, 2048L, 8192L, 32768L, 131072L, 524288L,
            2097152L, 8388608L);

    @Test
    void taggedTextGivesExactlyTheRowsOfTheFirstProcessAndNoneOfTheSecondsInterleavedTable() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.TAGGED_I1_TEXT));

        assertThat(run.collective()).isEqualTo("all_reduce");
        assertThat(run.facts().tool()).isEqualTo("nccl-tests");
        assertThat(run.facts().toolVersion()).isEqualTo("2.19.6");
        assertThat(run.facts().ncclVersion()).as("nccl-library=22809").isEqualTo("2.28.9");
        assertThat(run.facts().devices()).as("[1,0]'s device line only, not [1,1]'s (pid 1907)")
                .containsExactly(new RankDevice(0, 0, 1906, "vm", 0, "0000:00:06", "NVIDIA H100 80GB HBM3"));
        assertThat(run.rows()).extracting(SizeRow::sizeBytes).as("8 B to 8 MiB by 4, once each").isEqualTo(SIZES);
        assertThat(run.rows()).extracting(SizeRow::count).containsExactly(2L, 8L, 32L, 128L, 512L, 2048L, 8192L,
                32768L, 131072L, 524288L, 2097152L);
        assertThat(run.rows()).allSatisfy(row -> {
            assertThat(row.type()).isEqualTo("float");
            assertThat(row.redop()).isEqualTo("sum");
            assertThat(row.root()).isEqualTo(-1);
            assertThat(row.outOfPlace().wrong()).isZero();
            assertThat(row.inPlace().wrong()).isZero();
        });
        assertThat(run.rows().getFirst()).isEqualTo(new SizeRow(8, 2, "float", "sum", -1,
                new Placement(9.85, 0.00, 0.00, 0.0, 21.13), new Placement(2.96, 0.00, 0.00, 0.0, 44.83)));
        SizeRow oneHundredTwentyEightKiB = run.rows().get(7);
        assertThat(oneHundredTwentyEightKiB.outOfPlace()).as("[1,1] printed 7.38 us and 17.76 GB/s for this size")
                .isEqualTo(new Placement(10.46, 12.52, 0.00, 0.0, 26.91));
        assertThat(oneHundredTwentyEightKiB.inPlace()).isEqualTo(new Placement(2.82, 46.54, 0.00, 0.0, 7.45));
        assertThat(run.complete()).isTrue();
        assertThat(run.averageBusBandwidth()).as("'# Avg bus bandwidth    : 0 ' without decimals").isZero();
        assertThat(run.outOfBounds()).isZero();
        assertThat(run.hasWrongResults()).isFalse();
    }

    @Test
    void perIterationColumnsDoNotShiftTheInPlaceHalfOfARow() {
        SizeRow eightMiB = ResultsFiles.read(Captures.path(Captures.TAGGED_I1_TEXT)).rows().getLast();

        // [1,0]:     8388608       2097152     float     sum      -1     9.22  909.76    0.00       0     6.72    14.40    14.40    27.33     3.04  2761.0    0.00       0     1.70     5.89     5.89    52.41
        assertThat(eightMiB.sizeBytes()).isEqualTo(8388608);
        assertThat(eightMiB.outOfPlace()).as("time algbw busbw #wrong, then i_cv%")
                .isEqualTo(new Placement(9.22, 909.76, 0.00, 0.0, 27.33));
        assertThat(eightMiB.inPlace()).as("after out-of-place's 4 per-iteration columns, not i_min/i_max/i_p99")
                .isEqualTo(new Placement(3.04, 2761.0, 0.00, 0.0, 52.41));
    }

    @Test
    void perIterationJsonOfTheFirstProcessGivesItsRowsAndEachPlacementsSpread() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.TAGGED_I1_JSON_RANK_0));

        assertThat(run.collective()).as("from args: /tmp/w/nccl-tests/build/all_reduce_perf").isEqualTo("all_reduce");
        assertThat(run.facts().tool()).isEqualTo("nccl-tests");
        assertThat(run.facts().ncclVersion()).isEqualTo("2.28.9");
        assertThat(run.facts().startTime()).isEqualTo("2026-12-08 01:01:18");
        assertThat(run.facts().command()).isEqualTo("/tmp/w/nccl-tests/build/all_reduce_perf -b 8 -e 16M -f 4 -n 10 -I 1 "
                + "-J tagged-I1-0.json");
        assertThat(run.facts().devices())
                .containsExactly(new RankDevice(0, 0, 1906, "vm", 0, "0000:00:06", "NVIDIA H100 80GB HBM3"));
        assertThat(run.facts().environment()).as("of the whole environment, the NCCL/FI/CUDA/NCCLKIT variables")
                .containsExactly(Map.entry("NCCL_NVLS_ENABLE", "0"), Map.entry("NCCL_HOSTID", "node0"));
        assertThat(run.rows()).extracting(SizeRow::sizeBytes).isEqualTo(SIZES);
        // the per-iteration blocks give each placement's cv_pct; their min/max/percentiles and times_us are not modelled
        assertThat(run.rows().getFirst()).isEqualTo(new SizeRow(8, 2, "float", "sum", -1,
                new Placement(9.8493, 0.000812, 0.0, 0.0, 21.132668), new Placement(2.9637, 0.002699, 0.0, 0.0, 44.82726)));
        assertThat(run.rows().getLast()).isEqualTo(new SizeRow(8388608, 2097152, "float", "sum", -1,
                new Placement(9.2207, 909.758261, 0.0, 0.0, 27.333283),
                new Placement(3.0383, 2760.954481, 0.0, 0.0, 52.408419)));
        assertThat(run.complete()).as("end_time is there").isTrue();
        assertThat(run.averageBusBandwidth()).isZero();
        assertThat(run.outOfBounds()).isZero();
        assertThat(run.hasWrongResults()).as("errors [\"\"] is no error").isFalse();
    }

    @Test
    void theSecondProcessesJsonIsTheTableTheTaggedTextLeavesOut() {
        BenchmarkRun second = ResultsFiles.read(Captures.path(Captures.TAGGED_I1_JSON_RANK_1));
        BenchmarkRun text = ResultsFiles.read(Captures.path(Captures.TAGGED_I1_TEXT));

        assertThat(second.facts().devices()).extracting(RankDevice::pid).containsExactly(1907L);
        assertThat(second.facts().environment()).containsEntry("NCCL_HOSTID", "node1");
        SizeRow secondAt128KiB = second.rows().get(7);
        assertThat(secondAt128KiB.outOfPlace().timeMicros()).as("[1,1]'s 7.38").isCloseTo(7.38, within(0.005));
        assertThat(text.rows().get(7).outOfPlace().timeMicros()).isNotCloseTo(secondAt128KiB.outOfPlace().timeMicros(),
                within(0.005));
    }
}
