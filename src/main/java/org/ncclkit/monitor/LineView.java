package org.ncclkit.monitor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The view for a pipe or a log file: one line per sample as it arrives, a {@code PROBLEM} line when a problem first
 * appears and a {@code CLEARED} line when it goes away, so nothing is repeated every interval.
 */
public final class LineView {
    private final Map<String, Problem> open = new HashMap<>();

    /** The lines for one interval: its samples, then the problems that began or ended. */
    public List<String> lines(List<GpuSample> samples, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        for (GpuSample sample : samples) {
            lines.add(line(sample));
        }
        Map<String, Problem> now = new HashMap<>();
        for (Problem problem : problems) {
            now.put(problem.key(), problem);
            if (!open.containsKey(problem.key())) {
                lines.add("PROBLEM " + problem.text());
            }
        }
        for (Problem gone : open.values().stream().filter(problem -> !now.containsKey(problem.key()))
                .sorted(java.util.Comparator.comparing(Problem::kind)).toList()) {
            lines.add("CLEARED " + gone.text());
        }
        open.clear();
        open.putAll(now);
        return lines;
    }

    /** {@code 2026-11-25T21:52:31Z node-a gpu 0 util 98% mem 71.2/79.6 GiB sm 1980 MHz 690 W 71 C ...}. */
    public static String line(GpuSample s) {
        String reasons = s.reasons().stream().filter(reason -> reason != ClockEventReason.GPU_IDLE)
                .map(ClockEventReason::label).collect(Collectors.joining(","));
        return s.time() + " " + s.host() + " gpu " + s.index() + " util " + Cells.percent(s.utilPercent())
                + " mem " + Cells.memory(s) + " GiB sm " + Cells.number(s.smClockMhz()) + " MHz power "
                + Cells.watts(s.powerWatts()) + " temp " + Cells.celsius(s.temperatureC()) + " pcie " + Cells.pcie(s)
                + " MB/s nvlink " + Cells.nvlink(s) + " GB/s ecc " + Cells.number(s.eccCorrected()) + "/"
                + Cells.number(s.eccUncorrected()) + " clocks " + (reasons.isEmpty() ? "ok" : reasons)
                + (s.xids().isEmpty() ? "" : " xid " + s.xids().stream().map(String::valueOf).collect(Collectors.joining(",")));
    }
}
