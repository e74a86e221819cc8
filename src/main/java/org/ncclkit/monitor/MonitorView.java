package org.ncclkit.monitor;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The live view: one frame of at most 80 columns with a row per GPU grouped by node, a cluster summary and the problems.
 * With colour on (a terminal), rows of hot or throttled GPUs are red, power-capped yellow, idle ones cyan; without
 * it the frame is plain text. {@link #refresh} wraps a frame in the escapes that redraw it in place.
 */
public final class MonitorView {
    public static final int WIDTH = 80;
    static final String ROW = "%3s %5s %11s %6s %6s %5s %11s %11s  %s";
    private static final String RESET = "\033[0m";
    private static final String RED = "\033[31m";
    private static final String YELLOW = "\033[33m";
    private static final String CYAN = "\033[36m";
    private static final String BOLD = "\033[1m";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Thresholds limits;
    private final boolean colour;

    public MonitorView(Thresholds limits, boolean colour) {
        this.limits = limits;
        this.colour = colour;
    }

    public List<String> frame(List<ClusterState.Node> nodes, List<Problem> problems, Instant now, Duration interval) {
        List<String> lines = new ArrayList<>();
        long gpus = nodes.stream().mapToLong(node -> node.gpus().size()).sum();
        lines.add(plain(Cells.fit("ncclkit monitor  " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s") + ", " + gpus
                + " GPU" + (gpus == 1 ? "" : "s") + ", every " + Problems.seconds(interval) + "   " + CLOCK.format(now), WIDTH), BOLD));
        lines.add(String.format(Locale.ROOT, ROW, "GPU", "UTIL", "MEM GiB", "SM MHz", "POWER", "TEMP", "PCIe MB/s",
                "NVLink GB/s", "STATE").stripTrailing());
        for (ClusterState.Node node : nodes) {
            lines.add(nodeHeading(node, problems));
            for (GpuSample gpu : node.gpus()) {
                lines.add(row(gpu, problems));
            }
        }
        lines.add(plain(Cells.fit(summary(nodes, problems), WIDTH), BOLD));
        if (problems.isEmpty()) {
            lines.add("no problems");
        } else {
            lines.add(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + ":");
            for (Problem problem : problems) {
                for (String part : Cells.wrap("  ! " + problem.text(), "    ", WIDTH)) {
                    lines.add(plain(part, colourOf(problem.kind())));
                }
            }
        }
        return lines;
    }

    /** The frame as text that redraws the screen in place: cursor home, each line cleared to its end, the rest cleared. */
    public static String refresh(List<String> frame) {
        StringBuilder text = new StringBuilder("\033[H");
        for (String line : frame) {
            text.append(line).append("\033[K\n");
        }
        return text.append("\033[J").toString();
    }

    private String nodeHeading(ClusterState.Node node, List<Problem> problems) {
        String state;
        String colour = BOLD;
        Problem nodeProblem = problems.stream().filter(problem -> problem.gpu() == null && problem.host().equals(node.host()))
                .findFirst().orElse(null);
        if (nodeProblem != null) {
            state = nodeProblem.kind() == Problem.Kind.NODE_DOWN ? "DOWN" : "SILENT";
            colour = RED;
        } else if (node.gpus().isEmpty()) {
            state = "waiting for the first sample";
        } else {
            Set<String> names = node.gpus().stream().map(GpuSample::name).collect(Collectors.toCollection(LinkedHashSet::new));
            state = node.gpus().size() + " x " + String.join(", ", names);
        }
        return plain(Cells.fit(node.host() + "  " + state, WIDTH), colour);
    }

    private String row(GpuSample gpu, List<Problem> problems) {
        List<Problem> own = problems.stream()
                .filter(problem -> problem.host().equals(gpu.host()) && problem.gpu() != null && problem.gpu() == gpu.index())
                .toList();
        List<String> flags = new ArrayList<>();
        String colour = null;
        for (Problem problem : own) {
            flags.add(flag(problem, gpu));
            String wanted = colourOf(problem.kind());
            if (colour == null || RED.equals(wanted)) {
                colour = wanted;
            }
        }
        if (own.isEmpty() && gpu.utilPercent() != null && gpu.utilPercent() <= limits.idlePercent()) {
            flags.add("idle");
            colour = CYAN;
        }
        String state = flags.isEmpty() ? "ok" : String.join(",", flags);
        String line = String.format(Locale.ROOT, ROW, gpu.index(), Cells.percent(gpu.utilPercent()), Cells.memory(gpu),
                Cells.number(gpu.smClockMhz()), Cells.watts(gpu.powerWatts()), Cells.celsius(gpu.temperatureC()),
                Cells.pcie(gpu), Cells.nvlink(gpu), state);
        return plain(Cells.fit(line, WIDTH), colour);
    }

    private static String flag(Problem problem, GpuSample gpu) {
        return switch (problem.kind()) {
            case XID -> "XID";
            case ECC_UNCORRECTED -> "ECC";
            case THERMAL_THROTTLE -> "THERMAL";
            case HOT -> "HOT";
            case POWER_THROTTLE -> "POWER";
            case IDLE_WHILE_OTHERS_BUSY -> "IDLE!";
            case NODE_DOWN, NODE_SILENT -> "";
        };
    }

    private static String colourOf(Problem.Kind kind) {
        return switch (kind) {
            case NODE_DOWN, NODE_SILENT, XID, ECC_UNCORRECTED, THERMAL_THROTTLE, HOT -> RED;
            case POWER_THROTTLE -> YELLOW;
            case IDLE_WHILE_OTHERS_BUSY -> CYAN;
        };
    }

    /** "cluster 2/2 up, util 64% avg, 15 busy, 1 idle, 2 throttled, 9.2 kW, max 78 C". */
    String summary(List<ClusterState.Node> nodes, List<Problem> problems) {
        long answering = nodes.stream().filter(node -> problems.stream()
                .noneMatch(problem -> problem.gpu() == null && problem.host().equals(node.host()))).count();
        List<GpuSample> gpus = nodes.stream().flatMap(node -> node.gpus().stream()).toList();
        List<Integer> utils = gpus.stream().map(GpuSample::utilPercent).filter(java.util.Objects::nonNull).toList();
        StringBuilder text = new StringBuilder("cluster " + answering + "/" + nodes.size() + " up");
        if (!utils.isEmpty()) {
            long average = Math.round(utils.stream().mapToInt(Integer::intValue).average().orElse(0));
            text.append(", util ").append(average).append("% avg, ")
                    .append(utils.stream().filter(util -> util >= limits.busyPercent()).count()).append(" busy, ")
                    .append(utils.stream().filter(util -> util <= limits.idlePercent()).count()).append(" idle");
        }
        long throttled = gpus.stream().filter(gpu -> gpu.thermalThrottled() || gpu.powerThrottled()).count();
        text.append(", ").append(throttled).append(" throttled");
        double watts = gpus.stream().map(GpuSample::powerWatts).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sum();
        if (watts > 0) {
            text.append(", ").append(watts >= 1000 ? Cells.oneDecimal(watts / 1000) + " kW" : Math.round(watts) + " W");
        }
        gpus.stream().map(GpuSample::temperatureC).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).max()
                .ifPresent(max -> text.append(", max ").append(max).append(" C"));
        return text.toString();
    }

    private String plain(String text, String colourCode) {
        if (!colour || colourCode == null) {
            return text;
        }
        return colourCode + text + RESET;
    }
}
