package org.ncclkit.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.check.P2pJson;
import org.ncclkit.report.Json;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.RunFacts;
import org.ncclkit.results.SizeRow;

class CommandRowsTest {
    private static final RunFacts FACTS = new RunFacts("ncclkit", "dev", "2.28.9", List.of(), "ncclkit check p2p",
            Map.of(), "2026-12-07T18:00:00Z");
    private static final Fingerprint P2P_FINGERPRINT = new Fingerprint(List.of("node0", "node1", "node2"), "NVIDIA H100 80GB HBM3",
            "580.159.04", "2.28.9", "none", "none", Map.of(), "ncclkit check p2p");

    @TempDir
    Path folder;

    @Test
    void aCheckP2pDocumentRecordedThroughTheStoreReadsBackWithTheMedianAndSlowestPairAsRows() {
        P2pJson.Document document = SyntheticReports.p2p(12.5, 3);
        String json = Json.write(document);
        try (HistoryStore store = HistoryStore.open(folder.resolve("history.db"))) {
            long id = store.add(new Recording("check", false, P2P_FINGERPRINT, CommandRows.pairs(CommandRows.P2P, document, FACTS),
                    json, "FAILED: 1 of 3 pairs slow"));

            RecordedRun back = store.get(id).orElseThrow();

            assertThat(back.document()).isEqualTo(json);
            assertThat(P2pJson.read(back.document())).isEqualTo(document);
            assertThat(back.kind()).isEqualTo("check");
            assertThat(back.run().collective()).isEqualTo("p2p");
            assertThat(back.verdict()).isEqualTo("FAILED: 1 of 3 pairs slow");
            assertThat(back.run().rows()).extracting(SizeRow::sizeBytes, SizeRow::type, SizeRow::redop, SizeRow::root,
                    r -> r.outOfPlace().busBandwidth(), r -> r.outOfPlace().wrong())
                    .containsExactly(tuple(64L << 20, "float", "median", -1, 24.0, 3.0),
                            tuple(64L << 20, "float", "slowest", -1, 12.5, 3.0));
            assertThat(back.run().rows()).allSatisfy(r -> assertThat(r.inPlace()).isNull());
            assertThat(store.list().getFirst().document()).as("list reads no document").isNull();
            assertThat(HistoryText.show(back)).contains("Verdict      FAILED: 1 of 3 pairs slow",
                    "# ncclkit check p2p: 3 ranks on 3 nodes, 64.0 MiB per exchange",
                    "# check p2p FAILED: 1 of 3 pairs slow, 1 with wrong data; suspect node(s): node1 (1 of 2 pairs flagged)");
        }
    }

    @Test
    void theSlowestPairDroppingByTenPercentIsARegressionOfThatRowAlone() {
        BenchmarkRun baseline = CommandRows.pairs(CommandRows.P2P, SyntheticReports.p2p(24.0, 0), FACTS);
        BenchmarkRun candidate = CommandRows.pairs(CommandRows.P2P, SyntheticReports.p2p(21.6, 0), FACTS);

        RegressionCheck.Comparison c = RegressionCheck.compare(List.of(baseline), candidate, 0.05);

        assertThat(c.judged()).isEqualTo(2);
        assertThat(c.regressions()).extracting(RegressionCheck.SizeComparison::redop).containsExactly("slowest");
    }

    @Test
    void aValidateReportGivesOneRowPerCollectiveRunWithTheCollectiveAsTypeAndTheRunAsRedop() {
        BenchmarkRun run = CommandRows.collectives(SyntheticReports.validate(1.0), FACTS);

        assertThat(run.collective()).isEqualTo("validate");
        assertThat(run.rows()).extracting(SizeRow::type, SizeRow::redop, r -> r.outOfPlace().busBandwidth())
                .containsExactly(tuple("all_reduce", "all GPUs", 180.0),
                        tuple("all_gather", "all GPUs", 170.0),
                        tuple("all_reduce", "network only", 45.0));
        assertThat(run.rows()).allSatisfy(r -> assertThat(r.outOfPlace().algorithmBandwidth()).isNaN());
    }

    @Test
    void aValidateRunWhoseAllReduceFellRegressesOnlyAgainstTheSameCollectiveAndRun() {
        BenchmarkRun baseline = CommandRows.collectives(SyntheticReports.validate(1.0), FACTS);
        BenchmarkRun candidate = CommandRows.collectives(SyntheticReports.validate(0.90, 1.0), FACTS);

        RegressionCheck.Comparison c = RegressionCheck.compare(List.of(baseline), candidate, 0.05);

        assertThat(c.judged()).isEqualTo(3);
        assertThat(c.regressions()).extracting(RegressionCheck.SizeComparison::type, RegressionCheck.SizeComparison::redop)
                .containsExactly(tuple("all_reduce", "all GPUs"));
    }
}
