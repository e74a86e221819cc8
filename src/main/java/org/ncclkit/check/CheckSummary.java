package org.ncclkit.check;

import java.util.List;
import java.util.stream.Collectors;

/** The closing lines of {@code ncclkit check}: one line per step, then the verdict over all of them. */
public final class CheckSummary {
    private CheckSummary() {
    }

    public static String render(List<CheckStep> steps) {
        StringBuilder text = new StringBuilder("# ncclkit check summary\n");
        int width = steps.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (CheckStep step : steps) {
            text.append(String.format("#   %-" + width + "s  %-7s  %s%n", step.name(), step.outcome(), step.detail()));
        }
        return text.append("# ").append(verdict(steps)).append('\n').toString();
    }

    /** {@code check passed}, or {@code check FAILED:} and the steps that failed. */
    public static String verdict(List<CheckStep> steps) {
        List<String> failed = steps.stream().filter(s -> !s.passed()).map(CheckStep::name).toList();
        return failed.isEmpty() ? "check passed" : "check FAILED: " + failed.stream().collect(Collectors.joining(", "));
    }
}
