package org.ncclkit.htmlreport;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.ncclkit.check.P2pJson;
import org.ncclkit.check.Suspect;
import org.ncclkit.history.RegressionCheck;
import org.ncclkit.monitor.GpuSample;
import org.ncclkit.report.SecretVariables;
import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.RunFacts;
import org.ncclkit.results.SizeRow;

/**
 * The report: one self-contained HTML page (inline CSS and SVG, no script, a Content-Security-Policy that forbids
 * every fetch) with the runs' facts, bandwidth against size per collective with every run overlaid and the expected
 * value as a band, regressions of later runs against the first, the numbers as tables, pair matrices as heat maps,
 * validate documents' verdicts, and monitor recordings as time lines with the runs that overlap them.
 */
public final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1000px;color:#222;line-height:1.4}
            h1{font-size:1.6em;margin-bottom:0}h2{border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:2em}
            table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #ddd;padding:3px 8px;text-align:left}
            td.num{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
            tr.regression td,tr.below td{background:#fbe3d6}.verdict-fail,.verdict-below{color:#b8450c;font-weight:bold}.verdict-pass{color:#006b4f;font-weight:bold}
            .verdict-suspect{color:#8f5f00;font-weight:bold}.verdict-skipped{color:#555}tr.verdict-fail-row td,tr.verdict-suspect-row td{vertical-align:top}
            ul.evidence{margin:0;padding-left:1.1em}table caption{text-align:left;font-weight:bold;padding:4px 0}p.no-overlap{font-size:13px;color:#444}td.node{white-space:nowrap}
            svg{max-width:100%;height:auto;background:#fff}svg.heatmap{max-width:min(100%,560px)}figure{margin:12px 0}figcaption{font-size:13px;color:#444}
            code{font-size:12px;word-break:break-all}details{margin:4px 0}
            @media print{body{margin:0;max-width:none}section,figure{break-inside:avoid}details{display:block}}
            """;

    private final double tolerance;
    private final ZoneId runClock;
    private final StringBuilder html = new StringBuilder();

    private HtmlReport(double tolerance, ZoneId runClock) {
        this.tolerance = tolerance;
        this.runClock = runClock;
    }

    /**
     * The page for {@code inputs}, in the order given.
     *
     * @param tolerance the drop against the first run of a collective that is marked as a regression, 0.05 for 5 %
     * @param runClock  the zone of the times in results files (nccl-tests writes its node's local time, no zone)
     */
    public static String render(List<ReportInput> inputs, double tolerance, ZoneId runClock, Instant generated,
                                String commandLine) {
        return new HtmlReport(tolerance, runClock).page(inputs, generated, commandLine);
    }

    private String page(List<ReportInput> inputs, Instant generated, String commandLine) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>ncclkit report</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        html.append("<header><h1>ncclkit report</h1><p>Generated ").append(Html.escape(generated.toString()))
                .append(" by <code>").append(Html.escape(commandLine)).append("</code> from ").append(inputs.size())
                .append(inputs.size() == 1 ? " file" : " files").append(".</p></header>\n");
        List<ReportInput.Results> results = inputs.stream().filter(i -> i instanceof ReportInput.Results)
                .map(i -> (ReportInput.Results) i).toList();
        List<BenchmarkRun> runs = results.stream().map(ReportInput.Results::run).toList();
        Map<String, ReportInput.ExpectedBand> expected = new LinkedHashMap<>();
        inputs.stream().filter(i -> i instanceof ReportInput.Expected).map(i -> (ReportInput.Expected) i)
                .forEach(e -> expected.putAll(e.collectives()));
        if (!runs.isEmpty()) {
            facts(results);
            Map<String, List<Integer>> byCollective = new LinkedHashMap<>();
            for (int i = 0; i < runs.size(); i++) {
                byCollective.computeIfAbsent(runs.get(i).collective(), c -> new ArrayList<>()).add(i);
            }
            byCollective.forEach((collective, indices) -> collective(collective, indices, runs, expected.get(collective)));
        }
        inputs.stream().filter(i -> i instanceof ReportInput.Pairs).map(i -> (ReportInput.Pairs) i).forEach(this::pairs);
        List<ReportInput.Validate> validations = inputs.stream().filter(i -> i instanceof ReportInput.Validate)
                .map(i -> (ReportInput.Validate) i).toList();
        for (int i = 0; i < validations.size(); i++) {
            html.append(ValidateSection.render(validations.get(i), i + 1));
        }
        List<TimedRun> timed = TimedRun.of(inputs, runClock);
        inputs.stream().filter(i -> i instanceof ReportInput.Monitor).map(i -> (ReportInput.Monitor) i)
                .forEach(m -> monitor(m, timed));
        html.append("</body>\n</html>\n");
        return html.toString();
    }

    private void facts(List<ReportInput.Results> results) {
        html.append("<section id=\"runs\">\n<h2>Runs</h2>\n<table class=\"facts\">\n<tr><th>#</th><th>file</th><th>tool</th>"
                + "<th>collective</th><th>nodes</th><th>GPUs</th><th>driver</th><th>CUDA</th><th>NCCL</th><th>plugin</th>"
                + "<th>libfabric</th><th>finished</th><th>avg busbw GB/s</th><th>#wrong</th></tr>\n");
        for (int i = 0; i < results.size(); i++) {
            BenchmarkRun r = results.get(i).run();
            SoftwareFacts software = results.get(i).software();
            List<String> hosts = r.facts().hosts();
            html.append("<tr><td>").append(i + 1).append("</td><td>").append(Html.escape(r.source())).append("</td><td>")
                    .append(known(r.facts().tool() + " " + r.facts().toolVersion())).append("</td><td>")
                    .append(Html.escape(r.collective())).append("</td><td>")
                    .append(hosts.isEmpty() ? "-" : hosts.size() + ": " + Html.escape(String.join(", ", hosts))).append("</td><td>")
                    .append(r.facts().devices().isEmpty() ? "-" : r.facts().devices().size() + " x "
                            + Html.escape(String.join(", ", r.facts().gpuModels())))
                    .append("</td><td>").append(known(software.driver())).append("</td><td>").append(known(software.cuda()))
                    .append("</td><td>").append(known(r.facts().ncclVersion())).append("</td><td>").append(known(software.plugin()))
                    .append("</td><td>").append(known(software.libfabric())).append("</td><td>")
                    .append(r.complete() ? "yes" : "<span class=\"verdict-fail\">no: cut short</span>")
                    .append("</td><td class=\"num\">").append(r.averageBusBandwidth() == null ? "-" : fixed(r.averageBusBandwidth()))
                    .append("</td><td>").append(r.hasWrongResults() ? "<span class=\"verdict-fail\">wrong results</span>" : "0")
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<p class=\"facts-note\">-: the file does not say. Driver: the CUDA version it supports and "
                + "CUDA: the one NCCL was built with, plugin and libfabric: from NCCL's INFO lines in a text log; nccl-tests' "
                + "JSON and a table without NCCL_DEBUG=INFO say none of them.</p>\n");
        for (int i = 0; i < results.size(); i++) {
            runDetails(i + 1, results.get(i));
        }
        html.append("</section>\n");
    }

    /** The start and end, the command line and the environment (secrets' values redacted), where the file gives any. */
    private void runDetails(int number, ReportInput.Results result) {
        RunFacts facts = result.run().facts();
        Map<String, String> environment = facts.environment().isEmpty() ? result.software().loggedEnvironment() : facts.environment();
        if (facts.command().isEmpty() && environment.isEmpty() && facts.startTime().isEmpty()) {
            return;
        }
        html.append("<details><summary>Run ").append(number).append(": command and environment</summary>\n<p>Started ")
                .append(known(facts.startTime())).append(", ended ").append(known(result.endTime()))
                .append(" (the run's clock, read as ").append(Html.escape(runClock.getId())).append(").</p>\n<p>Command: <code>")
                .append(known(facts.command())).append("</code></p>\n<p>")
                .append(facts.environment().isEmpty() ? "Variables NCCL's log says were set by the environment" : "Environment")
                .append(": <code>");
        if (environment.isEmpty()) {
            html.append("-");
        }
        // results are pasted into chats and tickets: a secret's name stays, its value does not, as perf -J writes it
        environment.forEach((k, v) -> html.append(Html.escape(k + "=" + SecretVariables.publishable(k, v))).append("<br>"));
        html.append("</code></p></details>\n");
    }

    private static String known(String value) {
        return value == null || value.isBlank() ? "-" : Html.escape(value.strip());
    }

    private void collective(String collective, List<Integer> indices, List<BenchmarkRun> runs, ReportInput.ExpectedBand expected) {
        String id = collective.replaceAll("[^a-z0-9_]", "_");
        BenchmarkRun first = runs.get(indices.getFirst());
        Map<Integer, RegressionCheck.Comparison> comparisons = new LinkedHashMap<>();
        for (int i : indices.subList(1, indices.size())) {
            comparisons.put(i, RegressionCheck.compare(List.of(first), runs.get(i), tolerance));
        }
        html.append("<section class=\"collective\" id=\"").append(id).append("\">\n<h2>").append(Html.escape(collective))
                .append("</h2>\n");
        LineChart busbw = chart(id + "-busbw", collective + ": bus bandwidth", "bus bandwidth (GB/s)", indices, runs, Placement::busBandwidth);
        if (expected != null) {
            busbw.reference(new LineChart.Reference(String.format(Locale.ROOT, "expected %.1f GB/s (%.1f to %.1f)",
                    expected.busBandwidth(), expected.low(), expected.high()), expected.busBandwidth(), expected.low(), expected.high()));
        }
        comparisons.forEach((i, c) -> c.regressions().forEach(s -> busbw.mark(new LineChart.Mark(s.sizeBytes(),
                s.candidateBusBandwidth(), String.format(Locale.ROOT, "run %d, %d B %s: %.2f GB/s, %+.1f%% against run %d",
                        i + 1, s.sizeBytes(), s.placement(), s.candidateBusBandwidth(), s.change() * 100, indices.getFirst() + 1)))));
        figure(busbw, "Bus bandwidth against size (log scale); solid: out-of-place, dashed with hollow markers: in-place"
                + (expected != null ? "; grey band: the expected value at large sizes" : ""));
        figure(chart(id + "-algbw", collective + ": algorithm bandwidth", "algorithm bandwidth (GB/s)", indices, runs,
                Placement::algorithmBandwidth), "Algorithm bandwidth against size");
        regressions(comparisons, indices.getFirst());
        numbers(indices, runs, comparisons);
        html.append("</section>\n");
    }

    private LineChart chart(String id, String title, String yLabel, List<Integer> indices, List<BenchmarkRun> runs,
                            ToDoubleFunction<Placement> value) {
        LineChart chart = new LineChart(id, title, "size", yLabel, true);
        for (int i : indices) {
            BenchmarkRun run = runs.get(i);
            chart.add(new LineChart.Series("run " + (i + 1) + " out-of-place", i, false, points(run, SizeRow::outOfPlace, value)));
            chart.add(new LineChart.Series("run " + (i + 1) + " in-place", i, true, points(run, SizeRow::inPlace, value)));
        }
        return chart;
    }

    private static List<double[]> points(BenchmarkRun run, Function<SizeRow, Placement> side, ToDoubleFunction<Placement> value) {
        List<double[]> points = new ArrayList<>();
        for (SizeRow row : run.rows()) {
            Placement p = side.apply(row);
            if (p != null && row.sizeBytes() > 0) {
                points.add(new double[] {row.sizeBytes(), value.applyAsDouble(p)});
            }
        }
        return points;
    }

    private void figure(LineChart chart, String caption) {
        html.append("<figure>\n").append(chart.render()).append("<figcaption>").append(Html.escape(caption))
                .append("</figcaption>\n</figure>\n");
    }

    private void regressions(Map<Integer, RegressionCheck.Comparison> comparisons, int first) {
        comparisons.forEach((i, c) -> {
            List<RegressionCheck.SizeComparison> found = c.regressions();
            html.append("<p class=\"regressions\">Run ").append(i + 1).append(" against run ").append(first + 1).append(": ");
            html.append(found.isEmpty()
                    ? "<span class=\"verdict-pass\">no regression</span> at " + c.judged() + " sizes of 1 MiB or more"
                    : "<span class=\"verdict-fail\">REGRESSION</span> at " + found.size() + " of " + c.judged()
                            + " sizes of 1 MiB or more (bus bandwidth more than " + fixed(tolerance * 100) + " % below)");
            html.append(".</p>\n");
        });
    }

    private void numbers(List<Integer> indices, List<BenchmarkRun> runs, Map<Integer, RegressionCheck.Comparison> comparisons) {
        Set<Long> sizes = new TreeSet<>();
        indices.forEach(i -> runs.get(i).rows().forEach(r -> sizes.add(r.sizeBytes())));
        html.append("<table class=\"numbers\">\n<tr><th>size (B)</th>");
        indices.forEach(i -> html.append("<th>run ").append(i + 1).append(" busbw out</th><th>run ").append(i + 1).append(" busbw in</th>"));
        html.append("</tr>\n");
        for (long size : sizes) {
            boolean regressed = comparisons.values().stream().anyMatch(c -> c.regressions().stream().anyMatch(s -> s.sizeBytes() == size));
            html.append(regressed ? "<tr class=\"regression\">" : "<tr>").append("<td class=\"num\">").append(size).append("</td>");
            for (int i : indices) {
                SizeRow row = runs.get(i).rows().stream().filter(r -> r.sizeBytes() == size).findFirst().orElse(null);
                html.append(cell(row == null ? null : row.outOfPlace())).append(cell(row == null ? null : row.inPlace()));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String cell(Placement p) {
        return "<td class=\"num\">" + (p == null ? "-" : fixed(p.busBandwidth())) + "</td>";
    }

    private void pairs(ReportInput.Pairs input) {
        P2pJson.Document m = input.matrix();
        html.append("<section class=\"pairs\">\n<h2>Pairs: ").append(Html.escape(input.source())).append("</h2>\n<p>")
                .append(m.ranks()).append(" ranks on ").append(m.nodes().stream().distinct().count()).append(" nodes, ")
                .append(m.bytes()).append(" bytes per message; median ").append(fixed(m.bandwidthMedianGbps()))
                .append(" GB/s and ").append(fixed(m.latencyMedianUs())).append(" us; verdict ")
                .append(m.passed() ? "<span class=\"verdict-pass\">PASS</span>" : "<span class=\"verdict-fail\">FAIL</span>")
                .append("</p>\n<figure>\n").append(HeatMap.render(m)).append("<figcaption>")
                .append(Html.escape(HeatMap.caption(m))).append("</figcaption>\n</figure>\n");
        if (!m.suspects().isEmpty()) {
            html.append("<table class=\"suspects\">\n<tr><th>suspect node</th><th>flagged pairs</th></tr>\n");
            for (Suspect s : m.suspects()) {
                html.append("<tr><td>").append(Html.escape(s.node())).append("</td><td class=\"num\">").append(s.flaggedPairs())
                        .append(" of ").append(s.pairs()).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append("</section>\n");
    }

    private void monitor(ReportInput.Monitor input, List<TimedRun> timed) {
        List<GpuSample> samples = input.samples();
        Instant start = samples.getFirst().time();
        Instant end = samples.getLast().time();
        List<TimedRun> overlapping = timed.stream().filter(r -> r.overlaps(start, end)).toList();
        html.append("<section class=\"monitor\">\n<h2>GPUs over time: ").append(Html.escape(input.source())).append("</h2>\n<p>")
                .append(Html.escape(start.toString())).append(" to ").append(Html.escape(end.toString())).append(" (UTC)</p>\n");
        timeLine(input, overlapping, "utilization", "utilization (%)", s -> s.utilPercent() == null ? Double.NaN : s.utilPercent());
        timeLine(input, overlapping, "power", "power (W)", s -> s.powerWatts() == null ? Double.NaN : s.powerWatts());
        timeLine(input, overlapping, "temperature", "temperature (C)", s -> s.temperatureC() == null ? Double.NaN : s.temperatureC());
        timeLine(input, overlapping, "nvlink", "NVLink tx (GB/s)", s -> s.nvlinkTxKBps() == null ? Double.NaN : s.nvlinkTxKBps() / 1e6);
        timeLine(input, overlapping, "pcie", "PCIe tx (MB/s)", s -> s.pcieTxKBps() == null ? Double.NaN : s.pcieTxKBps() / 1e3);
        if (timed.isEmpty()) {
            html.append("<p class=\"no-overlap\">No run to align: no input says when it ran (a -J JSON file or a validate "
                    + "document does).</p>\n");
        } else if (overlapping.isEmpty()) {
            html.append("<p class=\"no-overlap\">No run overlaps this recording: ").append(Html.escape(timed.stream()
                    .map(r -> r.name() + " " + r.start() + " to " + r.end()).collect(Collectors.joining("; ")))).append(".</p>\n");
        } else {
            html.append("<p class=\"no-overlap\">Drawn over the recording: ").append(Html.escape(overlapping.stream()
                    .map(r -> r.name() + " " + r.start() + " to " + r.end()).collect(Collectors.joining("; "))))
                    .append(" (UTC; results files' times read as ").append(Html.escape(runClock.getId())).append(").</p>\n");
        }
        html.append("</section>\n");
    }

    private void timeLine(ReportInput.Monitor input, List<TimedRun> runs, String name, String yLabel, ToDoubleFunction<GpuSample> value) {
        Instant start = input.samples().getFirst().time();
        Map<String, List<double[]>> byGpu = new LinkedHashMap<>();
        for (GpuSample s : input.samples()) {
            byGpu.computeIfAbsent(s.host() + " GPU " + s.index(), k -> new ArrayList<>())
                    .add(new double[] {seconds(start, s.time()), value.applyAsDouble(s)});
        }
        LineChart chart = new LineChart("monitor-" + name, yLabel + " over time", "time since the recording began", yLabel, false);
        int colour = 0;
        for (Map.Entry<String, List<double[]>> gpu : byGpu.entrySet()) {
            chart.add(new LineChart.Series(gpu.getKey(), colour++, false, gpu.getValue()));
        }
        runs.forEach(r -> chart.span(new LineChart.Span(r.name(), seconds(start, r.start()), seconds(start, r.end()))));
        figure(chart, yLabel + " of each GPU");
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
