package org.ncclkit.report;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.ncclkit.bench.DeviceLine;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.PerIterationStats;
import org.ncclkit.bench.PerfConfig;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * nccl-tests' JSON file ({@code -J}, version 3): its keys in its order, and by default its quirks, so existing parsers
 * keep working: booleans as the strings {@code "true"}/{@code "false"}, NaN as {@code "nan"}, root as a padded
 * string. With {@link PerfConfig#jsonStrict()} booleans are JSON booleans and non-finite numbers are {@code null}.
 */
public final class NcclTestsJson {
    private static final int FILE_VERSION = 3;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final JsonMapper WRITER = JsonMapper.builder(JsonFactory.builder()
            .characterEscapes(new SlashEscapes()).build()).build();

    private final boolean strict;

    private NcclTestsJson(boolean strict) {
        this.strict = strict;
    }

    /**
     * The document for a run. {@code environment} becomes the {@code env} list ({@code K=V}, sorted by name), the
     * values of secrets' names redacted ({@link SecretVariables}), where nccl-tests itself dumps them.
     */
    public static ObjectNode document(RunReport report, Map<String, String> environment) {
        return new NcclTestsJson(report.config().jsonStrict()).build(report, environment);
    }

    /** The document as one line of JSON, as nccl-tests writes it. */
    public static String render(RunReport report, Map<String, String> environment) {
        return WRITER.writeValueAsString(document(report, environment));
    }

    /** nccl-tests' {@code sanitizeJson} also escapes '/' ({@code "\/tmp\/all_reduce_perf"}); the rest is standard JSON. */
    private static final class SlashEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        SlashEscapes() {
            ascii['/'] = '/';
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null; // only the table above: no character beyond it is escaped differently
        }
    }

    /** Whether nccl-tests would write a JSON file of this name: only names ending in {@code .json}, any case. */
    public static boolean acceptsFileName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /**
     * Writes the document without overwriting anything: to {@code requested}, or if that exists to
     * {@code requested.0}, {@code requested.1}, … like nccl-tests. Returns the path written.
     *
     * @throws IllegalArgumentException if the name does not end in {@code .json} (see {@link #acceptsFileName})
     */
    public static Path write(Path requested, RunReport report, Map<String, String> environment) throws IOException {
        Path claimed = reserve(requested);
        writeTo(claimed, render(report, environment));
        return claimed;
    }

    /**
     * Claims the file nccl-tests would write, before the run as it does ({@code fopen(path, "wx")}): creates
     * {@code requested}, or if that exists {@code requested.0}, {@code requested.1}, …, empty. Returns the one made.
     *
     * @throws IllegalArgumentException if the name does not end in {@code .json} (see {@link #acceptsFileName})
     * @throws IOException if a name is free but cannot be created (nccl-tests then skips its JSON output)
     */
    public static Path reserve(Path requested) throws IOException {
        if (!acceptsFileName(requested.getFileName().toString())) {
            throw new IllegalArgumentException("JSON output file must end in .json: " + requested);
        }
        Path candidate = requested;
        for (int suffix = 0; ; suffix++) {
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException taken) {
                candidate = requested.resolveSibling(requested.getFileName() + "." + suffix);
            }
        }
    }

    /** Fills a file claimed by {@link #reserve} with a document made by {@link #render}. */
    public static void writeTo(Path claimed, String document) throws IOException {
        Files.writeString(claimed, document, StandardCharsets.UTF_8,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    private ObjectNode build(RunReport report, Map<String, String> environment) {
        ObjectNode root = NODES.objectNode();
        root.put("version", FILE_VERSION);
        root.put("start_time", report.startTime());
        ArrayNode args = root.putArray("args");
        report.args().forEach(args::add);
        ArrayNode env = root.putArray("env");
        new TreeMap<>(environment).forEach((name, value) -> env.add(name + "=" + SecretVariables.publishable(name, value)));
        root.put("nccl_version", report.ncclVersion());
        config(root.putObject("config"), report);
        ArrayNode results = root.putArray("results");
        report.rows().forEach(row -> result(results.addObject(), row, report.config().reportCpuTime()));
        long failed = report.failedChecks();
        ObjectNode outOfBounds = root.putObject("out_of_bounds");
        outOfBounds.put("count", failed);
        outOfBounds.set("okay", bool(failed == 0));
        ObjectNode average = root.putObject("average_bus_bandwidth");
        average.set("bandwidth", number(report.averageBusBandwidth()));
        average.set("okay", Double.isNaN(report.minBusBandwidth()) ? NODES.stringNode("unchecked")
                : bool(report.bandwidthOk()));
        ArrayNode errors = root.putArray("errors");
        report.errors().forEach(errors::add);
        root.put("end_time", report.endTime());
        return root;
    }

    private void config(ObjectNode config, RunReport report) {
        PerfConfig c = report.config();
        config.put("nthreads", c.threads());
        config.put("ngpus", c.gpusPerThread());
        config.put("minimum_bytes", c.minBytes());
        config.put("maximum_bytes", c.maxBytes());
        if (c.stepFactor() > 1) {
            config.put("step_factor", c.stepFactor());
        } else {
            config.put("step_bytes", c.stepBytes());
        }
        config.put("warmup_iters", c.warmupIterations());
        config.put("iterations", c.iterations());
        config.put("aggregated_iterations", c.aggregatedIterations());
        config.put("validation", c.checkIterations());
        config.put("graph", c.cudaGraph() ? c.cudaGraphLaunches() : 0);
        config.set("blocking_collectives", bool(c.blocking() != 0));
        config.set("per_iter_timing", bool(c.perIterationTiming()));
        config.put("per_iter_skip", c.perIterationSkip());
        config.set("parallel_init", bool(c.setup().parallelInit()));
        ArrayNode devices = config.putArray("devices");
        // nccl-tests parses back the first device line of each process only
        report.devices().stream().filter(device -> device.rank() % c.localRanks() == 0)
                .forEach(device -> device(devices.addObject(), device));
    }

    private static void device(ObjectNode json, DeviceLine device) {
        json.put("rank", device.rank());
        json.put("group", device.group());
        json.put("pid", device.pid());
        json.put("hostname", device.hostname().split("\\s+", 2)[0]); // sscanf's %s stops at a blank
        json.put("device", device.device());
        json.put("device_hex", PciAddress.parse(device.pciBusId()).toString());
        json.put("device_info", device.gpuName());
    }

    private void result(ObjectNode json, ResultRow row, boolean cpuTime) {
        json.put("size", row.sizeBytes());
        json.put("count", row.count());
        json.put("type", row.type());
        json.put("redop", row.redop());
        json.put("root", String.format(Locale.ROOT, "%6d", row.root()));
        placement(json, "out_of_place", row.outOfPlace(), cpuTime);
        placement(json, "in_place", row.inPlace(), cpuTime);
        json.put("actual_iterations", row.actualIterations());
        json.put("experiment_name", "");
    }

    private void placement(ObjectNode parent, String name, Measurement m, boolean cpuTime) {
        ObjectNode json = parent.putObject(name);
        json.set(cpuTime ? "cpu_time" : "time", number(m.timeMicros()));
        json.set("alg_bw", number(m.algorithmBandwidth()));
        json.set("bus_bw", number(m.busBandwidth()));
        json.set("nwrong", m.wrong() == null ? NODES.nullNode() : number(m.wrong()));
        if (m.perIteration() != null) {
            perIteration(parent.putObject(name + "_per_iter"), m.perIteration());
        }
    }

    private void perIteration(ObjectNode json, PerIterationStats stats) {
        json.put("skipped_iterations", stats.skipped());
        json.set("min_us", number(stats.minMicros()));
        json.set("max_us", number(stats.maxMicros()));
        json.set("avg_us", number(stats.avgMicros()));
        json.set("p50_us", number(stats.p50Micros()));
        json.set("p95_us", number(stats.p95Micros()));
        json.set("p99_us", number(stats.p99Micros()));
        json.set("stdev_us", number(stats.stdevMicros()));
        json.set("cv_pct", number(stats.cvPercent()));
        ArrayNode times = json.putArray("times_us");
        stats.timesMicros().forEach(t -> times.add(number(t)));
        if (stats.perProcessMaxMicros() != null) {
            ArrayNode processes = json.putArray("per_process_max_times_us");
            stats.perProcessMaxMicros().forEach(row -> {
                ArrayNode process = processes.addArray();
                row.forEach(t -> process.add(number(t)));
            });
        }
    }

    private JsonNode bool(boolean value) {
        return strict ? NODES.booleanNode(value) : NODES.stringNode(Boolean.toString(value));
    }

    /**
     * A number as nccl-tests' {@code jsonDouble} prints it, {@code %lf}: six decimals ({@code 19.900000}). NaN is the
     * string {@code "nan"} there (infinities come out as bare {@code inf}, which is not JSON; we write "inf"/"-inf").
     */
    private JsonNode number(double value) {
        if (Double.isFinite(value)) {
            return NODES.numberNode(new BigDecimal(CFormat.fixed(value, 6)));
        }
        return strict ? NODES.nullNode() : NODES.stringNode(Double.isNaN(value) ? "nan" : CFormat.fixed(value, 0));
    }
}
