package org.ncclkit.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The rules that turn readings into problems worth a line: a node that stopped or went silent, XID errors, uncorrected
 * ECC errors, thermal or power slowdowns, a temperature at the limit, and a GPU idle while others are busy (during a run,
 * the one that holds the others back or was left out).
 */
public final class Problems {
    private Problems() {
    }

    public static List<Problem> find(List<ClusterState.Node> nodes, Instant now, Duration interval, Thresholds limits) {
        List<Problem> problems = new ArrayList<>();
        List<ClusterState.Node> answering = new ArrayList<>();
        for (ClusterState.Node node : nodes) {
            if (node.down() != null) {
                problems.add(new Problem(Problem.Kind.NODE_DOWN, node.host(), null, node.host() + ": " + node.down()));
                continue;
            }
            Duration silent = node.lastHeard() == null ? Duration.ZERO : Duration.between(node.lastHeard(), now);
            if (silent.compareTo(interval.multipliedBy(limits.silentIntervals())) > 0) {
                problems.add(new Problem(Problem.Kind.NODE_SILENT, node.host(), null, node.host() + " silent for "
                        + seconds(silent) + (node.gpus().isEmpty() ? " (no sample yet)" : "")));
                continue;
            }
            answering.add(node);
        }
        List<GpuSample> busy = answering.stream().flatMap(node -> node.gpus().stream())
                .filter(gpu -> gpu.utilPercent() != null && gpu.utilPercent() >= limits.busyPercent()).toList();
        for (ClusterState.Node node : answering) {
            for (GpuSample gpu : node.gpus()) {
                String where = node.host() + " GPU " + gpu.index();
                List<Long> xids = node.xidsSeen().getOrDefault(gpu.index(), List.of());
                if (!xids.isEmpty()) {
                    problems.add(new Problem(Problem.Kind.XID, node.host(), gpu.index(), where + " XID "
                            + xids.stream().distinct().map(String::valueOf).collect(Collectors.joining(", "))
                            + " (" + xids.size() + " event" + (xids.size() == 1 ? "" : "s") + " since monitoring began)"));
                }
                if (gpu.eccUncorrected() != null && gpu.eccUncorrected() > 0) {
                    problems.add(new Problem(Problem.Kind.ECC_UNCORRECTED, node.host(), gpu.index(), where + " "
                            + gpu.eccUncorrected() + " uncorrected ECC error" + (gpu.eccUncorrected() == 1 ? "" : "s")));
                }
                if (gpu.thermalThrottled()) {
                    problems.add(new Problem(Problem.Kind.THERMAL_THROTTLE, node.host(), gpu.index(), where
                            + " slowed for heat (" + reasons(gpu, ClockEventReason.THERMAL_MASK) + ")" + at(gpu)));
                }
                if (gpu.temperatureC() != null && gpu.temperatureC() >= limits.hotCelsius()) {
                    problems.add(new Problem(Problem.Kind.HOT, node.host(), gpu.index(), where + " at " + gpu.temperatureC()
                            + " C (limit " + limits.hotCelsius() + " C)"));
                }
                if (gpu.powerThrottled()) {
                    problems.add(new Problem(Problem.Kind.POWER_THROTTLE, node.host(), gpu.index(), where
                            + " held at its power limit (" + reasons(gpu, ClockEventReason.POWER_MASK) + ")"
                            + (gpu.powerWatts() == null ? "" : ", " + Math.round(gpu.powerWatts()) + " W")));
                }
                if (gpu.utilPercent() != null && gpu.utilPercent() <= limits.idlePercent()) {
                    long others = busy.stream().filter(other -> !(other.host().equals(gpu.host()) && other.index() == gpu.index())).count();
                    if (others > 0) {
                        problems.add(new Problem(Problem.Kind.IDLE_WHILE_OTHERS_BUSY, node.host(), gpu.index(), where + " idle ("
                                + gpu.utilPercent() + "%) while " + others + " other GPU" + (others == 1 ? " is" : "s are") + " busy"));
                    }
                }
            }
        }
        problems.sort(Comparator.comparing(Problem::kind));
        return problems;
    }

    private static String reasons(GpuSample gpu, long mask) {
        return ClockEventReason.of(gpu.clockEventReasons() & mask).stream().map(ClockEventReason::label)
                .collect(Collectors.joining(", "));
    }

    private static String at(GpuSample gpu) {
        return gpu.temperatureC() == null ? "" : ", " + gpu.temperatureC() + " C";
    }

    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 || millis >= 10_000 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
