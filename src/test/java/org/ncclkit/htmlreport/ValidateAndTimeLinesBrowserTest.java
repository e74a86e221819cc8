package org.ncclkit.htmlreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.results.Captures;
import org.ncclkit.testing.HeadlessChromium;

import tools.jackson.databind.JsonNode;

/**
 * The report's validate section, its run facts (of published nccl-tests logs too) and its monitor time lines with the runs laid over them, as a real
 * headless Chromium shows them: the words and lines in the DOM, no request leaving the page, no console error.
 */
class ValidateAndTimeLinesBrowserTest {
    /** nccl-tests' -J layout (version 3), run from 21:40:00 to 21:40:01 UTC, inside the monitor recording's 2 s. */
    private static final String JSON_RUN = """
            {"version":3,"start_time":"2026-11-25 21:40:00","args":["./all_reduce_perf","-b","8","-e","8","-J","r.json"],
             "env":["NCCL_DEBUG=INFO","FI_PROVIDER=efa","AWS_SECRET_ACCESS_KEY=hidden"],"nccl_version":22809,
             "config":{"nthreads":1,"ngpus":1,"minimum_bytes":8,"maximum_bytes":8,"step_factor":2,"warmup_iters":1,
              "iterations":20,"aggregated_iterations":1,"validation":1,"graph":0,"blocking_collectives":"false",
              "per_iter_timing":"false","per_iter_skip":0,"parallel_init":"false",
              "devices":[{"rank":0,"group":0,"pid":4242,"hostname":"node-a","device":0,"device_hex":"0000:53:00","device_info":"NVIDIA H100 80GB HBM3"}]},
             "results":[{"size":8,"count":2,"type":"float","redop":"sum","root":"    -1",
              "out_of_place":{"time":19.900000,"alg_bw":0.000402,"bus_bw":0.000704,"nwrong":0.000000},
              "in_place":{"time":18.960000,"alg_bw":0.000422,"bus_bw":0.000738,"nwrong":0.000000},
              "actual_iterations":20,"experiment_name":""}],
             "out_of_bounds":{"count":0,"okay":"true"},"average_bus_bandwidth":{"bandwidth":0.000721,"okay":"unchecked"},
             "errors":[""],"end_time":"2026-11-25 21:40:01"}
            """;
    private static final String RECORDING = "/org/ncclkit/monitor/two-nodes.jsonl";

    @TempDir
    static Path folder;
    private static HeadlessChromium browser;

    @BeforeAll
    static void startChromium() throws Exception {
        Path chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "[browser tests] skipped: no chromium (apt-get install chromium)");
        browser = HeadlessChromium.start(chromium, Files.createTempDirectory(Files.createDirectories(Path.of("target")),
                "chromium-profile"));
    }

    @AfterAll
    static void stopChromium() {
        if (browser != null) {
            browser.close();
        }
    }

    private static Path page(String name, Path... files) throws Exception {
        Path page = folder.resolve(name + ".html");
        Files.writeString(page, HtmlReport.render(ReportInputs.readAll(List.of(files)), 0.05, ZoneOffset.UTC,
                Instant.parse("2026-12-07T12:00:00Z"), "ncclkit report ..."));
        browser.open(page);
        assertThat(browser.requests()).as("the page's own file and nothing else").containsExactly(page.toUri().toString());
        assertThat(browser.problems()).isEmpty();
        return page;
    }

    private static String text(String expression) throws Exception {
        return browser.evaluate(expression).asString();
    }

    /** Cells {@code from} to {@code to} (exclusive) of the Runs table's row {@code row} (1 is the heading), joined by " | ". */
    private static String factsColumns(int row, int from, int to) throws Exception {
        return text("[...document.querySelectorAll('table.facts tr:nth-child(" + row + ") td')].map(e => e.textContent)"
                + ".slice(" + from + ", " + to + ").join(' | ')");
    }

    private static List<String> texts(String selector) throws Exception {
        List<String> texts = new ArrayList<>();
        for (JsonNode t : browser.evaluate("[...document.querySelectorAll('" + selector + "')].map(e => e.textContent)")) {
            texts.add(t.asString());
        }
        return texts;
    }

    @Test
    void aValidateDocumentShowsEachNodesVerdictWordEvidenceRemedyAndSoftwareStepsRoundsAndBusbw() throws Exception {
        page("validate", ValidateDocument.write(folder.resolve("v.json"), "2026-11-25T21:40:01Z"));

        assertThat(texts("table.verdicts tr td:nth-child(4)")).containsExactly("PASS", "SUSPECT", "FAIL", "PASS");
        assertThat(texts("table.verdicts td:nth-child(4) span.verdict-suspect")).containsExactly("SUSPECT");
        assertThat(texts("table.verdicts td:nth-child(4) span.verdict-fail")).containsExactly("FAIL");
        assertThat(texts("table.verdicts ul.evidence li")).containsExactly("SUSPECT plugin: " + ValidateDocument.SLOW_1,
                "SUSPECT plugin: " + ValidateDocument.SLOW_2, "FAIL inventory: " + ValidateDocument.ECC);
        assertThat(texts("table.verdicts tr td:nth-child(6)")).containsExactly("", ValidateDocument.COMPARE_NICS,
                ValidateDocument.DRAIN, "");
        assertThat(texts("table.software tr:nth-child(2) td")).containsExactly("vm/node-0", "8", "NVIDIA H100 80GB HBM3",
                "580.65.06", "13.0", "2.27.7", "2.1", "aws-ofi-nccl 1.16.3");
        assertThat(texts("table.software tr:nth-child(5) td")).containsExactly("vm/node-3", "-", "-", "-", "-", "-", "-", "-");
        assertThat(texts("table.steps tr td:nth-child(2)")).containsExactly("FAIL", "FAIL", "SKIPPED", "FAIL");
        assertThat(texts("table.rounds[data-step=plugin] tr td:nth-child(5)"))
                .containsExactly("1 of 2: vm/node-1 with vm/node-3", "1 of 2: vm/node-0 with vm/node-1");
        assertThat(texts("table.rounds[data-step=plugin] tr td:nth-child(4)")).containsExactly("41.0", "-");
        assertThat(texts("table.busbw tr td:nth-child(7)")).containsExactly("PASS", "BELOW", "no model");
        assertThat(texts("table.busbw tr.below td:nth-child(4)")).containsExactly("31.07");
        assertThat(text("document.querySelector('p.validate-summary').textContent"))
                .startsWith("4 nodes: 2 PASS, 1 SUSPECT, 1 FAIL; exit status 7.").contains("To leave out: vm/node-1,vm/node-2.");

        Path screenshot = Path.of("target", "report-validate-screenshot.png");
        browser.screenshot(screenshot, "section.validate");
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(png.length).isBetween(10_000, 200_000);
        assertThat(browser.evaluate("getSelection().selectAllChildren(document.querySelector('table.busbw')), "
                + "getSelection().toString().includes('31.07')").asBoolean()).as("numbers are selectable text").isTrue();
    }

    @Test
    void theFactsTableShowsWhatEachFileSaysAndADashWhereItIsSilent() throws Exception {
        // nccl-tests' text log on the socket machine, with the EFA lines of a p4d job's log before its table (NCCL INFO
        // lines of an aws-ofi-nccl run), so that one file names the plugin and libfabric
        List<String> efaLines = Captures.lines("/org/ncclkit/logs/efa-libfabric-gdrdma-p4d-2.27.3.log").stream()
                .filter(l -> l.contains("NET/OFI Initializing") || l.contains("Libfabric version")).toList();
        List<String> withEfa = new ArrayList<>(efaLines);
        withEfa.addAll(Captures.lines(Captures.NCCL_TESTS_SOCKET));
        Path efa = Files.write(folder.resolve("all_reduce_perf-efa.log"), withEfa);
        Path json = Files.writeString(folder.resolve("all_reduce.json"), JSON_RUN);
        page("facts", Captures.path(Captures.NCCL_TESTS_SOCKET), efa, json);

        assertThat(factsColumns(2, 4, 11)).isEqualTo("1: vm | 2 x NVIDIA H200 | supports CUDA 13.0 | 13.0 | 2.28.9 | "
                + "none: NCCL's own (Socket) | -");
        assertThat(factsColumns(3, 4, 11)).isEqualTo("1: vm | 2 x NVIDIA H200 | supports CUDA 13.0 | 13.0 | 2.28.9 | "
                + "aws-ofi-nccl 1.16.2 | 2.1");
        assertThat(factsColumns(4, 4, 11)).isEqualTo("1: node-a | 1 x NVIDIA H100 80GB HBM3 | - | - | 2.28.9 | - | -");
        assertThat(texts("section#runs details:nth-of-type(1) code").get(1)).contains("NCCL_HOSTID=node0");
        assertThat(texts("section#runs details:nth-of-type(3) code")).containsExactly("./all_reduce_perf -b 8 -e 8 -J r.json",
                "NCCL_DEBUG=INFOFI_PROVIDER=efa");
    }

    @Test
    void publishedLogsOfRayAndOfAnOldEfaRunGiveOneChartPerCollectiveAndTheirFacts() throws Exception {
        page("published", Captures.path(Captures.RAY_PREFIX), Captures.path(Captures.EFA_2_8_3));

        assertThat(browser.evaluate("[...document.querySelectorAll('section.collective')].map(s => s.id)"))
                .extracting(JsonNode::asString).containsExactly("all_gather", "all_reduce");
        assertThat(browser.evaluate("document.querySelectorAll('#all_gather-busbw g.series').length").asInt())
                .as("out-of-place and in-place").isEqualTo(2);
        assertThat(browser.evaluate("document.querySelectorAll('#all_reduce-busbw g.series').length").asInt()).isEqualTo(2);
        assertThat(factsColumns(2, 3, 14)).isEqualTo("all_gather | 2: nc-d87e1263-head, nc-d87e1263-worker1 | "
                + "16 x NVIDIA H200 | - | - | - | - | - | yes | 122.07 | 0");
        // the EFA log's INFO lines name NCCL's CUDA (2.8.3+cuda11.2) and the plugin's provider, not the driver or versions
        assertThat(factsColumns(3, 3, 14)).isEqualTo("all_reduce | 2: nccl-tests-efa-worker-0, nccl-tests-efa-worker-1 | "
                + "16 x A100-SXM4-40GB | - | 11.2 | 2.8.3 | aws-ofi-nccl (its version not in the log) | - | yes | 7.80 | 0");
        assertThat(texts("#all_gather table.numbers tr:last-child td")).containsExactly("8589934592", "325.72", "332.58");
        assertThat(texts("#all_reduce table.numbers tr:nth-child(2) td")).containsExactly("8", "0.00", "0.00");
    }

    @Test
    void runsThatOverlapARecordingAreMarkedWhereTheyBeganAndEnded() throws Exception {
        Path json = Files.writeString(folder.resolve("all_reduce.json"), JSON_RUN);
        Path validate = ValidateDocument.write(folder.resolve("v.json"), "2026-11-25T21:40:01.500Z");
        page("overlap", json, validate, Captures.path(RECORDING));

        String chart = "#monitor-utilization ";
        assertThat(browser.evaluate("[...document.querySelectorAll('" + chart + "g.run-span')].map(g => g.dataset.run)"))
                .extracting(JsonNode::asString).containsExactly("run 1", "validation 1");
        // the recording is 2 s on an axis of 0 to 2.5 s from x 64 to 744: 21:40:00 is at 64, 21:40:01 at 336
        assertThat(text("document.querySelector('" + chart + "g[data-run=\"run 1\"] line.run-start').getAttribute('x1')"))
                .isEqualTo("64.0");
        assertThat(text("document.querySelector('" + chart + "g[data-run=\"run 1\"] line.run-end').getAttribute('x1')"))
                .isEqualTo("336.0");
        assertThat(text("document.querySelector('" + chart + "g[data-run=\"validation 1\"] line.run-start title').textContent"))
                .isEqualTo("validation 1 began at 1.5 s");
        assertThat(browser.evaluate("document.querySelectorAll('section.monitor line.run-start').length").asInt())
                .as("both runs begin inside each of the 5 charts").isEqualTo(10);
        assertThat(browser.evaluate("document.querySelectorAll('section.monitor line.run-end').length").asInt())
                .as("the validation ends 12 s after the recording: only run 1's end is drawn").isEqualTo(5);
        assertThat(text("document.querySelector('p.no-overlap').textContent")).startsWith("Drawn over the recording: run 1 "
                + "2026-11-25T21:40:00Z to 2026-11-25T21:40:01Z; validation 1 2026-11-25T21:40:01.500Z to");
    }

    @Test
    void aRecordingThatNoRunOverlapsSaysSoInOneLine() throws Exception {
        Path validate = ValidateDocument.write(folder.resolve("v-later.json"), "2026-11-26T08:00:00Z");
        page("apart", validate, Captures.path(RECORDING));

        assertThat(browser.evaluate("document.querySelectorAll('g.run-span').length").asInt()).isZero();
        assertThat(texts("section.monitor p.no-overlap")).containsExactly("No run overlaps this recording: validation 1 "
                + "2026-11-26T08:00:00Z to 2026-11-26T08:00:14Z.");
    }
}
