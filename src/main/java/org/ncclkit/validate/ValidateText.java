package org.ncclkit.validate;

import java.util.List;

/** The closing summary of {@code ncclkit validate} on the terminal: each node's verdict and evidence, steps, busbw. */
public final class ValidateText {
    private ValidateText() {
    }

    public static String render(ValidateReport report) {
        StringBuilder text = new StringBuilder();
        long suspect = count(report, NodeVerdict.SUSPECT);
        long fail = count(report, NodeVerdict.FAIL);
        text.append(String.format("# ncclkit validate: %d node%s: %s (%.1f s)%n",
                report.nodes().size(), report.nodes().size() == 1 ? "" : "s", counts(report), report.seconds()));
        int width = report.nodes().stream().mapToInt(n -> n.name().length()).max().orElse(4);
        for (ValidateReport.Node node : report.nodes()) {
            List<Evidence> evidence = node.evidence();
            text.append(String.format("#   %-" + width + "s  %-7s%s%n", node.name(), node.verdict(),
                    evidence.isEmpty() ? "" : "  " + evidence.getFirst().step() + ": " + evidence.getFirst().line()));
            for (Evidence e : evidence.subList(Math.min(1, evidence.size()), evidence.size())) {
                text.append(String.format("#   %-" + width + "s           %s: %s%n", "", e.step(), e.line()));
            }
            if (!node.remediation().isEmpty()) {
                text.append(String.format("#   %-" + width + "s           what to do: %s%n", "", node.remediation()));
            }
        }
        for (ValidateReport.Step step : report.steps()) {
            text.append(String.format("# step %-11s %-7s %s%n", step.name(), step.outcome(), step.detail()));
        }
        for (ValidateReport.Busbw b : report.busbw()) {
            text.append(String.format("# busbw %s %s %d bytes: %.2f GB/s, expected %s%n", b.run(), b.collective(), b.bytes(),
                    b.busbwGbps(), b.expectedGbps() == null ? "unknown (" + b.expectedBasis() + ")"
                            : String.format("%.2f GB/s (from %.2f; %s)", b.expectedGbps(), b.expectedLowGbps(), b.expectedBasis())));
        }
        if (!report.excluded().isEmpty()) {
            text.append("# to leave out: ").append(String.join(" ", report.excluded())).append('\n');
        }
        text.append(report.exitStatus() == 0 ? "# validate passed: every node PASS\n"
                : "# validate FAILED: " + (suspect + fail == 0 ? "a step failed (above)" : (suspect + fail) + " node(s) not passing")
                        + " (exit " + report.exitStatus() + ")\n");
        return text.toString();
    }

    /** How many nodes have each verdict: {@code 3 PASS, 1 SUSPECT, 0 FAIL}. */
    public static String counts(ValidateReport report) {
        return count(report, NodeVerdict.PASS) + " PASS, " + count(report, NodeVerdict.SUSPECT) + " SUSPECT, "
                + count(report, NodeVerdict.FAIL) + " FAIL";
    }

    private static long count(ValidateReport report, NodeVerdict verdict) {
        return report.nodes().stream().filter(n -> n.verdict() == verdict).count();
    }
}
