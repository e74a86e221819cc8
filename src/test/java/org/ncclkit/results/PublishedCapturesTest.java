package org.ncclkit.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * nccl-tests outputs that people published (src/test/resources/org/ncclkit/results/public/README.md names each source),
 * read through {@link ResultsFiles#read}, the entry point of {@code report} and {@code history import}.
 */
class PublishedCapturesTest {
    @TempDir
    Path folder;

    @Test
    void tagOutputOf2_18WithStderrNoiseAndARightAlignedHostGivesRankZerosTable() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.TAG_OUTPUT_2_18));

        assertThat(run.collective()).as("all_reduce_perf_mpi is all_reduce").isEqualTo("all_reduce");
        assertThat(run.facts().tool()).isEqualTo("nccl-tests");
        assertThat(run.facts().toolVersion()).isEqualTo("2.18.0");
        assertThat(run.facts().ncclVersion()).as("nccl-library=22907").isEqualTo("2.29.7");
        assertThat(run.facts().devices()).containsExactly(
                new RankDevice(0, 0, 2994447, "lab", 0, "0000:02:00", "NVIDIA GeForce RTX 5090"),
                new RankDevice(1, 0, 2994448, "lab", 0, "0000:02:00", "NVIDIA GeForce RTX 5090"));
        assertThat(run.rows()).hasSize(8);
        assertThat(run.rows().getFirst()).isEqualTo(new SizeRow(1048576, 262144, "float", "sum", -1,
                new Placement(4366.46, 0.24, 0.24, 0.0, null), new Placement(4365.21, 0.24, 0.24, 0.0, null)));
        SizeRow last = run.rows().getLast();
        assertThat(last.sizeBytes()).isEqualTo(134217728L);
        assertThat(last.count()).isEqualTo(33554432L);
        assertThat(last.outOfPlace()).isEqualTo(new Placement(58479.5, 2.30, 2.30, 0.0, null));
        assertThat(last.inPlace().busBandwidth()).isEqualTo(2.31);
        assertThat(run.complete()).isTrue();
        assertThat(run.averageBusBandwidth()).isEqualTo(1.57614);
        assertThat(run.outOfBounds()).isZero();
        assertThat(run.hasWrongResults()).isFalse();
    }

    @Test
    void rayPrefixBeforeMpirunsTagIsStrippedAndGivesTheRowsOfTheSameRunPrintedPlain() {
        BenchmarkRun ray = ResultsFiles.read(Captures.path(Captures.RAY_PREFIX));

        assertThat(ray.collective()).as("from the file name: the span has no 'Collective test starting' line")
                .isEqualTo("all_gather");
        assertThat(ray.facts().ncclVersion()).as("the span does not say it").isEmpty();
        assertThat(ray.facts().devices()).hasSize(16);
        assertThat(ray.facts().devices().getFirst())
                .isEqualTo(new RankDevice(0, 0, 7774, "nc-d87e1263-head", 0, "0000:8f:00", "NVIDIA H200"));
        assertThat(ray.facts().devices().getLast())
                .isEqualTo(new RankDevice(15, 0, 4940, "nc-d87e1263-worker1", 7, "0000:cc:00", "NVIDIA H200"));
        assertThat(ray.facts().hosts()).containsExactly("nc-d87e1263-head", "nc-d87e1263-worker1");
        assertThat(ray.facts().gpuModels()).containsExactly("NVIDIA H200");
        assertThat(ray.rows()).hasSize(24);
        assertThat(ray.rows().getFirst()).isEqualTo(new SizeRow(1024, 16, "float", "none", -1,
                new Placement(28.39, 0.04, 0.03, 0.0, null), new Placement(28.07, 0.04, 0.03, 0.0, null)));
        SizeRow last = ray.rows().getLast();
        assertThat(last).isEqualTo(new SizeRow(8589934592L, 134217728L, "float", "none", -1,
                new Placement(24724, 347.44, 325.72, 0.0, null), new Placement(24214, 354.75, 332.58, 0.0, null)));
        assertThat(ray.complete()).isTrue();
        assertThat(ray.averageBusBandwidth()).isEqualTo(122.073);
        assertThat(ray.outOfBounds()).isZero();

        BenchmarkRun plain = ResultsFiles.read(Captures.path(Captures.GCP_PLAIN));
        assertThat(plain.rows()).extracting(SizeRow::sizeBytes, SizeRow::count)
                .as("the same sizes and counts").isEqualTo(ray.rows().stream().map(r -> tuple(r.sizeBytes(), r.count())).toList());
    }

    @Test
    void plainGcpRunWithNcclsVersionLineBetweenTheDevicesAndTheTable() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.GCP_PLAIN));

        assertThat(run.collective()).isEqualTo("all_gather");
        assertThat(run.facts().ncclVersion()).as("NCCL version 2.26.6+cuda12.8: the CUDA part is not NCCL's")
                .isEqualTo("2.26.6");
        assertThat(run.facts().devices()).extracting(RankDevice::rank).containsExactlyElementsOf(IntStream.range(0, 16).boxed().toList());
        assertThat(run.facts().hosts()).containsExactly("nccl-test-host-1", "nccl-test-host-2");
        assertThat(run.rows()).hasSize(24);
        assertThat(run.rows().getFirst().sizeBytes()).isEqualTo(1024);
        assertThat(run.rows().getFirst().redop()).isEqualTo("none");
        SizeRow sixteenMiB = run.rows().get(14);
        assertThat(sixteenMiB.sizeBytes()).isEqualTo(16777216);
        assertThat(sixteenMiB.outOfPlace()).isEqualTo(new Placement(117.6, 142.68, 133.76, 0.0, null));
        assertThat(sixteenMiB.inPlace()).isEqualTo(new Placement(123.6, 135.69, 127.21, 0.0, null));
        assertThat(run.rows().getLast().sizeBytes()).isEqualTo(8589934592L);
        assertThat(run.rows().getLast().inPlace().busBandwidth()).isEqualTo(332.16);
        assertThat(run.complete()).isTrue();
        assertThat(run.averageBusBandwidth()).isEqualTo(121.902);
        assertThat(run.outOfBounds()).isZero();
    }

    @Test
    void nccl2_8LayoutWithoutGroupOrPciDomainAmidEveryRanksInfoLinesGivesRankZerosRows() {
        BenchmarkRun run = ResultsFiles.read(Captures.path(Captures.EFA_2_8_3));

        assertThat(run.collective()).as("from the file name").isEqualTo("all_reduce");
        assertThat(run.facts().toolVersion()).as("nccl-tests of then printed no version line").isEmpty();
        assertThat(run.facts().ncclVersion()).as("NCCL version 2.8.3+cuda11.2").isEqualTo("2.8.3");
        assertThat(run.facts().devices()).hasSize(16);
        assertThat(run.facts().devices().getFirst())
                .isEqualTo(new RankDevice(0, 0, 26, "nccl-tests-efa-worker-0", 0, "0x10", "A100-SXM4-40GB"));
        assertThat(run.facts().devices().get(6))
                .isEqualTo(new RankDevice(6, 0, 33, "nccl-tests-efa-worker-0", 6, "0xa0", "A100-SXM4-40GB"));
        assertThat(run.facts().devices().getLast())
                .isEqualTo(new RankDevice(15, 0, 32, "nccl-tests-efa-worker-1", 7, "0xa0", "A100-SXM4-40GB"));
        assertThat(run.facts().hosts()).containsExactly("nccl-tests-efa-worker-0", "nccl-tests-efa-worker-1");
        assertThat(run.rows()).hasSize(28);
        assertThat(run.rows().getFirst()).as("the error column is no count of wrong elements").isEqualTo(new SizeRow(8, 2,
                "float", "sum", -1, new Placement(167.5, 0.00, 0.00, null, null), new Placement(167.1, 0.00, 0.00, null, null)));
        SizeRow halfMiB = run.rows().get(16);
        assertThat(halfMiB.sizeBytes()).isEqualTo(524288);
        assertThat(halfMiB.outOfPlace()).isEqualTo(new Placement(409.7, 1.28, 2.40, null, null));
        SizeRow last = run.rows().getLast();
        assertThat(last.sizeBytes()).isEqualTo(1073741824L);
        assertThat(last.count()).isEqualTo(268435456L);
        assertThat(last.outOfPlace()).isEqualTo(new Placement(61556, 17.44, 32.71, null, null));
        assertThat(last.inPlace().busBandwidth()).isEqualTo(32.84);
        assertThat(run.complete()).isTrue();
        assertThat(run.averageBusBandwidth()).isEqualTo(7.80081);
        assertThat(run.outOfBounds()).isZero();
        assertThat(run.hasWrongResults()).isFalse();
    }

    @Test
    void otherRanksLinesAreNotReadEvenWhereTheyLookLikeRows() throws Exception {
        // a rank other than 0 has nothing of the table to say: a row-like line of rank 5 must not become a row
        List<String> lines = new ArrayList<>(Captures.lines(Captures.EFA_2_8_3));
        int firstRow = IntStream.range(0, lines.size()).filter(i -> lines.get(i).startsWith("[1,0]<stdout>:           8 "))
                .findFirst().orElseThrow();
        lines.add(firstRow + 1, lines.get(firstRow).replace("[1,0]", "[1,5]").replace("           8 ", "          12 "));
        Path log = folder.resolve("all_reduce-with-rank-5.log");
        Files.write(log, lines);

        assertThat(ResultsFiles.read(log).rows()).extracting(SizeRow::sizeBytes).doesNotContain(12L).hasSize(28);
    }

    @Test
    void aRayRunCutMidTableKeepsItsWholeRowsAndIsMarkedIncomplete() throws Exception {
        List<String> lines = Captures.lines(Captures.RAY_PREFIX);
        int row4MiB = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("<stdout>:     4194304 "))
                .findFirst().orElseThrow();
        List<String> cut = new ArrayList<>(lines.subList(0, row4MiB + 1));
        String next = lines.get(row4MiB + 1);
        cut.add(next.substring(0, next.indexOf("    85.77"))); // the 8 MiB row, cut before its in-place half
        Path log = folder.resolve("all_gather-died.log");
        Files.write(log, cut);

        BenchmarkRun run = ResultsFiles.read(log);

        assertThat(run.rows()).hasSize(13);
        assertThat(run.rows().getLast().sizeBytes()).isEqualTo(4194304);
        assertThat(run.rows().getLast().inPlace().busBandwidth()).isEqualTo(51.65);
        assertThat(run.facts().devices()).hasSize(16);
        assertThat(run.complete()).isFalse();
        assertThat(run.averageBusBandwidth()).isNull();
        assertThat(run.outOfBounds()).isNull();
    }
}
