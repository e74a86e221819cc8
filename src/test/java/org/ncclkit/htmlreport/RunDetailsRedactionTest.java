package org.ncclkit.htmlreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.RunFacts;
import org.ncclkit.results.SizeRow;

/** The run facts section prints the environment as perf's JSON writer does: a secret's name, never its value. */
class RunDetailsRedactionTest {
    @Test
    void secretVariablesValuesAreRedactedInTheRunFactsAndTheirNamesShown() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("NCCL_DEBUG", "INFO");
        environment.put("AWS_SECRET_ACCESS_KEY", "abc123");
        environment.put("NCCLKIT_RUN_TOKEN", "tok-9f8e7d");
        RunFacts facts = new RunFacts("nccl-tests", "2.19.6", "2.28.9", List.of(), "all_reduce_perf -b 8", environment,
                "2026-12-08 01:01:18");
        BenchmarkRun run = new BenchmarkRun("r.json", "all_reduce", facts, List.of(new SizeRow(8, 2, "float", "sum", -1,
                new Placement(9.85, 0.0, 0.0, 0.0, null), new Placement(2.96, 0.0, 0.0, 0.0, null))), true, 0.0, 0L);

        String html = HtmlReport.render(List.of(new ReportInput.Results("r.json", run, SoftwareFacts.UNKNOWN, "")), 0.05,
                ZoneOffset.UTC, Instant.parse("2026-12-08T02:00:00Z"), "ncclkit report r.json");

        assertThat(html).doesNotContain("abc123", "tok-9f8e7d")
                .contains("AWS_SECRET_ACCESS_KEY=(redacted)<br>", "NCCLKIT_RUN_TOKEN=(redacted)<br>", "NCCL_DEBUG=INFO<br>");
    }

    @Test
    void secretsNamedInNcclsLogAreRedactedToo() {
        RunFacts facts = new RunFacts("nccl-tests", "", "", List.of(), "", Map.of(), "");
        BenchmarkRun run = new BenchmarkRun("a.log", "all_reduce", facts, List.of(new SizeRow(8, 2, "float", "sum", -1,
                new Placement(9.85, 0.0, 0.0, 0.0, null), null)), true, null, null);
        SoftwareFacts logged = new SoftwareFacts("", "", "", "", Map.of("NCCL_IB_AUTH_KEY", "s3cr3t", "NCCL_PROTO", "simple"));

        String html = HtmlReport.render(List.of(new ReportInput.Results("a.log", run, logged, "")), 0.05, ZoneOffset.UTC,
                Instant.parse("2026-12-08T02:00:00Z"), "ncclkit report a.log");

        assertThat(html).doesNotContain("s3cr3t").contains("NCCL_IB_AUTH_KEY=(redacted)", "NCCL_PROTO=simple");
    }
}
