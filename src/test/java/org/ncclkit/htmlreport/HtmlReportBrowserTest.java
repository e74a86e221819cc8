package org.ncclkit.htmlreport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.cli.Main;
import org.ncclkit.results.Captures;
import org.ncclkit.testing.HeadlessChromium;

/**
 * The report as a person sees it: rendered by a real headless Chromium (Debian's chromium, installed by .ci/run),
 * with its charts, tables and heat map in the DOM, no request leaving the page, no console error, and a screenshot.
 */
class HtmlReportBrowserTest {
    @TempDir
    Path folder;

    private Path report() throws Exception {
        List<String> degraded = Captures.lines(Captures.NCCL_TESTS_SOCKET).stream().map(l -> l.replace(
                "2097152        524288     float     sum      -1   830.84    2.52    2.52",
                "2097152        524288     float     sum      -1   923.16    2.27    2.27")).toList();
        Path after = folder.resolve("all_reduce_perf-after-upgrade.log");
        Files.write(after, degraded);
        Path expected = folder.resolve("expected.json");
        Files.writeString(expected, "{\"assumptions\":{\"nodes\":2},\"collectives\":{\"all_reduce\":{\"busbw_gbps\":3.1,"
                + "\"half_bandwidth_bytes\":1048576,\"low_gbps\":2.8,\"high_gbps\":3.4}},\"sources\":[]}");
        List<ReportInput> inputs = ReportInputs.readAll(List.of(Captures.path(Captures.NCCL_TESTS_SOCKET), after,
                Captures.path(Captures.SEED), expected, Captures.path("/org/ncclkit/htmlreport/p2p-bad-node2.json"),
                Captures.path("/org/ncclkit/monitor/two-nodes.jsonl")));
        Path page = folder.resolve("report.html");
        Files.writeString(page, HtmlReport.render(inputs, 0.05, java.time.ZoneOffset.UTC, Instant.parse("2026-12-07T12:00:00Z"), "ncclkit report ..."));
        return page;
    }

    /** A fresh headless Chromium with a profile of its own; the test is skipped where there is none. */
    private static HeadlessChromium chromium() throws Exception {
        Path binary = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(binary != null, "[browser tests] skipped: no chromium (apt-get install chromium)");
        return HeadlessChromium.start(binary, Files.createTempDirectory(Files.createDirectories(Path.of("target")), "chromium-profile"));
    }

    @Test
    void theReportRendersOfflineWithItsChartsTablesAndNoRequestOrError() throws Exception {
        Path page = report();

        try (HeadlessChromium browser = chromium()) {
            browser.open(page);

            assertThat(browser.requests()).as("the page's own file and nothing else").containsExactly(page.toUri().toString());
            assertThat(browser.problems()).isEmpty();
            assertThat(browser.evaluate("document.title").asString()).isEqualTo("ncclkit report");
            assertThat(browser.evaluate("document.querySelectorAll('section.collective').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.querySelectorAll('#all_reduce-busbw g.series').length").asInt())
                    .as("3 runs x 2 placements").isEqualTo(6);
            assertThat(browser.evaluate("document.querySelectorAll('#all_reduce-busbw circle.regression').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.querySelectorAll('#all_reduce-busbw line.expected').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.querySelector('table.numbers tr.regression td').textContent").asString())
                    .isEqualTo("2097152");
            assertThat(browser.evaluate("document.querySelectorAll('svg.heatmap rect.pair.flagged').length").asInt())
                    .as("node2's 3 pairs, both halves of the matrix").isEqualTo(6);
            assertThat(browser.evaluate("document.querySelector('table.suspects td').textContent").asString()).isEqualTo("vm/node2");
            assertThat(browser.evaluate("document.querySelectorAll('section.monitor svg.chart').length").asInt()).isEqualTo(5);
            assertThat(browser.evaluate("document.querySelector('section#runs table').rows.length").asInt()).isEqualTo(4);
            assertThat(browser.evaluate("getSelection().selectAllChildren(document.querySelector('table.numbers')), "
                    + "getSelection().toString().includes('2097152')").asBoolean()).as("numbers are selectable text").isTrue();
            assertThat(browser.evaluate("document.querySelector('svg.chart').getBoundingClientRect().width > 600").asBoolean()).isTrue();

            Path screenshot = Path.of("target", "report-screenshot.png");
            browser.screenshot(screenshot);
            byte[] png = Files.readAllBytes(screenshot);
            assertThat(png.length).isGreaterThan(20_000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Test
    void ncclkitReportOfTheTaggedTextAndThePerIterationJsonRendersBothRuns() throws Exception {
        Path page = folder.resolve("tagged-I1.html");

        assertThat(Main.execute("report", Captures.path(Captures.TAGGED_I1_TEXT).toString(),
                Captures.path(Captures.TAGGED_I1_JSON_RANK_0).toString(), "-o", page.toString(), "--time-zone", "UTC")).isZero();

        try (HeadlessChromium browser = chromium()) {
            browser.open(page);

            assertThat(browser.requests()).containsExactly(page.toUri().toString());
            assertThat(browser.problems()).isEmpty();
            assertThat(browser.evaluate("document.querySelectorAll('section.collective').length").asInt()).isEqualTo(1);
            assertThat(browser.evaluate("document.querySelectorAll('#all_reduce-busbw g.series').length").asInt())
                    .as("2 runs x 2 placements").isEqualTo(4);
            assertThat(browser.evaluate("document.querySelector('section#runs table').rows.length").asInt()).isEqualTo(3);
            assertThat(browser.evaluate("document.querySelector('table.numbers').rows.length").asInt())
                    .as("a heading and the 11 sizes, each once though both files have them").isEqualTo(12);
            assertThat(browser.evaluate("document.querySelector('table.numbers tr:last-child td').textContent").asString())
                    .isEqualTo("8388608");
            assertThat(browser.evaluate("Array.from(document.querySelectorAll('section#runs details code')).at(-1).textContent").asString())
                    .as("the JSON's environment in the run facts").contains("NCCL_HOSTID=node0", "NCCL_NVLS_ENABLE=0");
        }
    }
}
