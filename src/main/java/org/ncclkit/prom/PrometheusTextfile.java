package org.ncclkit.prom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.ncclkit.cluster.PrivateFiles;

/**
 * Metrics in Prometheus' text exposition format (version 0.0.4), for node-exporter's textfile collector: gauges with
 * their {@code # HELP} and {@code # TYPE} lines, label values escaped. {@link #write} replaces the file atomically
 * (a temporary file in the same folder, then a rename), as the collector's documentation asks, so it never reads a
 * half-written file.
 */
public final class PrometheusTextfile {
    private final Map<String, Family> families = new LinkedHashMap<>();

    private record Family(String help, List<String> samples) {
    }

    /** Adds one sample of the gauge {@code name}; the first call for a name sets its help text. */
    public PrometheusTextfile gauge(String name, String help, Map<String, String> labels, double value) {
        families.computeIfAbsent(name, n -> new Family(help, new ArrayList<>()))
                .samples().add(name + labels(labels) + " " + number(value));
        return this;
    }

    /** {@code labels} and one more. */
    static Map<String, String> withLabel(Map<String, String> labels, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels);
        more.put(name, value);
        return more;
    }

    public String render() {
        StringBuilder text = new StringBuilder();
        families.forEach((name, family) -> {
            text.append("# HELP ").append(name).append(' ').append(family.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
            text.append("# TYPE ").append(name).append(" gauge\n");
            family.samples().forEach(sample -> text.append(sample).append('\n'));
        });
        return text.toString();
    }

    /** Writes the metrics to {@code file}, replacing it atomically. */
    public void write(Path file) throws IOException {
        PrivateFiles.write(file.toAbsolutePath(), render().getBytes(StandardCharsets.UTF_8), PrivateFiles.PUBLIC_READ);
    }

    private static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        return labels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }
}
