package org.ncclkit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.PerIterationStats;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.NcclTestsJsonReader;
import org.ncclkit.results.Placement;
import org.ncclkit.results.RankDevice;
import org.ncclkit.results.ResultsFormatException;

/** What perf -J writes, read back by the reader that history and report use: nothing is lost on the way. */
class NcclTestsJsonReadBackTest {
    @Test
    void perfsJsonReadsBackWithItsRowsDevicesAndSummary() {
        Runs runs = new Runs();
        String json = NcclTestsJson.render(runs.report(), Map.of("NCCL_DEBUG", "INFO", "AWS_SECRET_ACCESS_KEY", "x"));

        BenchmarkRun run = NcclTestsJsonReader.read(json, "r.json");

        assertThat(run.collective()).isEqualTo("all_reduce");
        assertThat(run.facts().tool()).isEqualTo("ncclkit");
        assertThat(run.facts().ncclVersion()).isEqualTo("2.28.9");
        assertThat(run.facts().command()).isEqualTo("ncclkit perf all_reduce -J r.json");
        assertThat(run.facts().environment()).as("only NCCL/FI/CUDA/NCCLKIT variables are kept")
                .containsExactly(Map.entry("NCCL_DEBUG", "INFO"));
        assertThat(run.facts().devices()).containsExactly(
                new RankDevice(0, 0, 12345, "nodeA-01", 0, "0000:53:00", "NVIDIA H100 80GB HBM3"));
        assertThat(run.rows()).hasSize(1);
        assertThat(run.rows().getFirst().outOfPlace()).isEqualTo(new Placement(19.90, 0.000402, 0.000704, 0.0, null));
        assertThat(run.rows().getFirst().root()).isEqualTo(-1);
        assertThat(run.complete()).isTrue();
        assertThat(run.outOfBounds()).isZero();
    }

    @Test
    void perIterationSpreadAndUncheckedRowsReadBack() {
        Runs runs = new Runs();
        runs.perIterationTiming = true;
        runs.checkIterations = 0;
        PerIterationStats stats = PerIterationStats.of(List.of(10.0, 11.0, 12.0, 11.0), 0);
        runs.rows = List.of(new ResultRow(1048576, 262144, "float", "sum", -1,
                new Measurement(11.0, 95.3, 166.8, null, stats), new Measurement(11.0, 95.3, 166.8, null, stats), 4, null));

        BenchmarkRun run = NcclTestsJsonReader.read(NcclTestsJson.render(runs.report(), Map.of()), "i.json");

        Placement out = run.rows().getFirst().outOfPlace();
        assertThat(out.wrong()).as("-c 0 writes nwrong null").isNull();
        assertThat(out.cvPercent()).isEqualTo(stats.cvPercent());
    }

    @Test
    void aDocumentOfAnotherVersionOrNotJsonIsRefusedWithItsName() {
        assertThatThrownBy(() -> NcclTestsJsonReader.read("{\"version\":2,\"results\":[]}", "old.json"))
                .isInstanceOf(ResultsFormatException.class)
                .hasMessage("old.json: nccl-tests JSON version 2, ncclkit reads version 3");
        assertThatThrownBy(() -> NcclTestsJsonReader.read("{\"results\":", "cut.json"))
                .hasMessageStartingWith("cut.json: not valid JSON");
        assertThatThrownBy(() -> NcclTestsJsonReader.read("[1,2]", "list.json"))
                .hasMessage("list.json: not an nccl-tests JSON file (no \"results\" list)");
    }
}
