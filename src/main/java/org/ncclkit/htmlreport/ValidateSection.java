package org.ncclkit.htmlreport;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Collectors;

import org.ncclkit.validate.NodeVerdict;
import org.ncclkit.validate.ValidateReport;

/**
 * The section of one {@code validate --json} document: its summary line, the node verdict table with every line of
 * evidence and the remediation, what each node runs, the steps, each pair step's rounds, and the collectives' bus bandwidth beside the
 * expected value. Every verdict is written as its word (PASS, SUSPECT, FAIL, SKIPPED, BELOW); colour only repeats it.
 */
final class ValidateSection {
    private final StringBuilder html = new StringBuilder();

    private ValidateSection() {
    }

    static String render(ReportInput.Validate input, int number) {
        return new ValidateSection().section(input, number);
    }

    /** The CSS class that colours a verdict word. */
    static String verdictClass(String word) {
        return "verdict-" + word.toLowerCase(Locale.ROOT);
    }

    static String verdict(String word) {
        return "<span class=\"" + verdictClass(word) + "\">" + Html.escape(word) + "</span>";
    }

    private String section(ReportInput.Validate input, int number) {
        ValidateReport v = input.report();
        html.append("<section class=\"validate\" id=\"validate-").append(number).append("\">\n<h2>Validation: ")
                .append(Html.escape(input.source())).append("</h2>\n");
        summary(v);
        nodes(v.nodes());
        software(v.nodes());
        steps(v.steps());
        v.steps().stream().filter(s -> !s.rounds().isEmpty()).forEach(this::rounds);
        if (!v.busbw().isEmpty()) {
            busbw(v.busbw());
        }
        html.append("</section>\n");
        return html.toString();
    }

    private void summary(ValidateReport v) {
        long pass = count(v, NodeVerdict.PASS);
        long suspect = count(v, NodeVerdict.SUSPECT);
        long fail = count(v, NodeVerdict.FAIL);
        html.append("<p class=\"validate-summary\">").append(v.nodes().size()).append(" nodes: ")
                .append(pass).append(" ").append(verdict("PASS")).append(", ").append(suspect).append(" ")
                .append(verdict("SUSPECT")).append(", ").append(fail).append(" ").append(verdict("FAIL"))
                .append("; exit status ").append(v.exitStatus()).append(". Started ").append(Html.escape(v.started()))
                .append(String.format(Locale.ROOT, ", %.1f s of a %.0f s budget", v.seconds(), v.budgetSeconds()))
                .append(", mode ").append(Html.escape(v.mode())).append(", ncclkit ").append(Html.escape(v.ncclkitVersion()))
                .append(".");
        if (!v.excluded().isEmpty()) {
            html.append(" To leave out: <code>").append(Html.escape(String.join(",", v.excluded()))).append("</code>.");
        }
        html.append("</p>\n");
    }

    private static long count(ValidateReport v, NodeVerdict verdict) {
        return v.nodes().stream().filter(n -> n.verdict() == verdict).count();
    }

    private void nodes(List<ValidateReport.Node> nodes) {
        html.append("<table class=\"verdicts\">\n<tr><th>node</th><th>rank</th><th>group</th><th>verdict</th>"
                + "<th>evidence</th><th>what to do</th></tr>\n");
        for (ValidateReport.Node n : nodes) {
            html.append("<tr class=\"").append(verdictClass(n.verdict().name())).append("-row\"><td class=\"node\">")
                    .append(Html.escape(n.name())).append("</td><td class=\"num\">").append(n.rank()).append("</td><td>")
                    .append(n.group().isEmpty() ? "-" : Html.escape(n.group())).append("</td><td>")
                    .append(verdict(n.verdict().name())).append("</td><td>");
            if (!n.evidence().isEmpty()) {
                html.append("<ul class=\"evidence\">");
                n.evidence().forEach(e -> html.append("<li>").append(verdict(e.verdict().name())).append(" ")
                        .append(Html.escape(e.step())).append(": ").append(Html.escape(e.line())).append("</li>"));
                html.append("</ul>");
            }
            html.append("</td><td>").append(Html.escape(n.remediation())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** What each node runs, as the inventory step found it: one column per field any node has, "-" where one lacks it. */
    private void software(List<ValidateReport.Node> nodes) {
        Set<String> fields = new LinkedHashSet<>();
        nodes.forEach(n -> fields.addAll(n.software().keySet()));
        if (fields.isEmpty()) {
            html.append("<p class=\"software-unknown\">The document does not say what the nodes run (its inventory step did not "
                    + "compare them, or an ncclkit older than this one wrote it).</p>\n");
            return;
        }
        html.append("<table class=\"software\">\n<caption>What each node runs (the inventory step)</caption>\n<tr><th>node</th>");
        fields.forEach(f -> html.append("<th>").append(Html.escape(f)).append("</th>"));
        html.append("</tr>\n");
        for (ValidateReport.Node n : nodes) {
            html.append("<tr><td class=\"node\">").append(Html.escape(n.name())).append("</td>");
            fields.forEach(f -> html.append("<td>").append(Html.escape(n.software().getOrDefault(f, "-"))).append("</td>"));
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private void steps(List<ValidateReport.Step> steps) {
        html.append("<table class=\"steps\">\n<tr><th>step</th><th>outcome</th><th>detail</th></tr>\n");
        for (ValidateReport.Step s : steps) {
            html.append("<tr><td>").append(Html.escape(s.name())).append("</td><td>").append(verdict(s.outcome().name()))
                    .append("</td><td>").append(Html.escape(s.detail())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void rounds(ValidateReport.Step step) {
        html.append("<table class=\"rounds\" data-step=\"").append(Html.escape(step.name())).append("\">\n<caption>")
                .append(Html.escape(step.name())).append(": rounds of pairs</caption>\n<tr><th>round</th><th>retest</th>"
                        + "<th>baseline GB/s</th><th>baseline us</th><th>pairs flagged</th></tr>\n");
        for (ValidateReport.Round r : step.rounds()) {
            List<ValidateReport.Pair> flagged = r.pairs().stream().filter(p -> p.problem() != null && !p.problem().isEmpty()).toList();
            html.append("<tr><td class=\"num\">").append(r.number()).append("</td><td>").append(r.retest() ? "yes" : "no")
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.3f", r.baselineGbps()))
                    .append("</td><td class=\"num\">").append(r.baselineUs() == null ? "-" : String.format(Locale.ROOT, "%.1f", r.baselineUs()))
                    .append("</td><td>").append(flagged.size()).append(" of ").append(r.pairs().size())
                    .append(flagged.isEmpty() ? "" : ": " + Html.escape(flagged.stream().map(p -> p.low() + " with " + p.high())
                            .collect(Collectors.joining("; "))))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private void busbw(List<ValidateReport.Busbw> runs) {
        html.append("<table class=\"busbw\">\n<tr><th>run</th><th>collective</th><th>size (B)</th><th>busbw GB/s</th>"
                + "<th>expected GB/s</th><th>low end GB/s</th><th>against it</th><th>#wrong</th><th>basis</th></tr>\n");
        for (ValidateReport.Busbw b : runs) {
            boolean below = b.expectedLowGbps() != null && b.busbwGbps() < b.expectedLowGbps();
            html.append(below ? "<tr class=\"below\">" : "<tr>").append("<td>").append(Html.escape(b.run())).append("</td><td>")
                    .append(Html.escape(b.collective())).append("</td><td class=\"num\">").append(b.bytes())
                    .append("</td><td class=\"num\">").append(fixed(b.busbwGbps())).append("</td><td class=\"num\">")
                    .append(b.expectedGbps() == null ? "-" : fixed(b.expectedGbps())).append("</td><td class=\"num\">")
                    .append(b.expectedLowGbps() == null ? "-" : fixed(b.expectedLowGbps())).append("</td><td>")
                    .append(b.expectedLowGbps() == null ? "no model" : below ? verdict("BELOW") : verdict("PASS"))
                    .append("</td><td class=\"num\">").append(b.wrong() > 0 ? verdict("FAIL") + " " + b.wrong() : "0")
                    .append("</td><td>").append(Html.escape(b.expectedBasis() == null ? "" : b.expectedBasis())).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String fixed(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
