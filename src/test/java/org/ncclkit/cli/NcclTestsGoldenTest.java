package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncclkit.bench.DeviceLine;
import org.ncclkit.bench.Measurement;
import org.ncclkit.bench.PerfConfig;
import org.ncclkit.bench.ResultRow;
import org.ncclkit.bench.RunReport;
import org.ncclkit.collective.BufferPlan;
import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;
import org.ncclkit.report.NcclTestsJson;
import org.ncclkit.report.NcclTestsText;

import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * ncclkit's text and JSON against real nccl-tests 2.19.6 output ({@code report/golden/<collective>_perf.txt} and
 * {@code .json}): the flags are read back from the capture's header (or its JSON {@code args}) through
 * {@code perf}'s own options, the sizes and counts of every row come from ncclkit's formulas, the devices and
 * measured numbers from the capture. Every line must match with measured numbers masked (integers, such as sizes,
 * counts and #wrong, are compared as they are).
 */
class NcclTestsGoldenTest {
    private static final String DIRECTORY = "/org/ncclkit/report/golden/";
    private static final Pattern HEADER = Pattern.compile("# nThread (\\d+) nGpus (\\d+) minBytes (\\d+) maxBytes (\\d+) "
            + "step: (\\d+)\\((factor|bytes)\\) warmup iters: (\\d+) iters: (\\d+) agg iters: (\\d+) validation: (\\d+) "
            + "graph: (\\d+) unalign: (\\d+)");
    private static final Pattern DEVICE = Pattern.compile(
            "#  Rank +(\\d+) Group +(\\d+) Pid +(\\d+) on +(\\S+) device +(\\d+) \\[([0-9a-fA-F:]+)\\] (.*)");
    private static final Pattern ROW = Pattern.compile(" *\\d+ +\\d+ .*");
    private static final Pattern LIBRARY = Pattern.compile("nccl-library=(\\d+)");
    /** Measured values: numbers with a point or an exponent, and NaN. */
    private static final Pattern MEASURED = Pattern.compile("-?\\d+\\.\\d+(e[+-]\\d+)?|-?\\d+e[+-]\\d+|-?nan");

    @ParameterizedTest
    @EnumSource(Collective.class)
    void textMatchesNcclTestsWithNumbersMasked(Collective collective) throws IOException {
        String name = collective.label() + "_perf";
        String capture = resource(name + ".txt");
        assumeTrue(capture != null, "no nccl-tests capture " + DIRECTORY + name + ".txt (see README.md there)");
        Capture c = Capture.of(collective, capture);

        StringBuilder ours = new StringBuilder(NcclTestsText.header(c.config, "golden", c.ncclVersion, c.devices));
        c.rows.forEach(row -> ours.append(NcclTestsText.row(row)));
        ours.append(NcclTestsText.footer(c.report(List.of("ncclkit"), Map.of(), List.of(c.lastError))));

        assertThat(comparable(ours.toString())).containsExactlyElementsOf(comparable(c.text));
    }

    @ParameterizedTest
    @EnumSource(Collective.class)
    void jsonMatchesNcclTestsWithNumbersMasked(Collective collective) throws IOException {
        String name = collective.label() + "_perf";
        String capture = resource(name + ".txt");
        String json = resource(name + ".json");
        assumeTrue(capture != null && json != null,
                "no nccl-tests capture " + DIRECTORY + name + ".txt and .json (see README.md there)");
        JsonNode theirs = JsonMapper.shared().readTree(json);
        Capture c = Capture.of(collective, capture).withMeasurementsOf(theirs);
        List<String> args = new ArrayList<>();
        theirs.get("args").forEach(a -> args.add(a.asString()));
        List<String> errors = new ArrayList<>();
        theirs.get("errors").forEach(e -> errors.add(e.asString()));
        RunReport report = c.report(args, Map.of(), errors);
        RunReport timed = new RunReport(report.config(), args, theirs.get("nccl_version").intValue(),
                theirs.get("start_time").asString(), theirs.get("end_time").asString(), report.devices(),
                report.rows(), report.minBusBandwidth(), errors, null);

        // env: nccl-tests writes its whole environment in its order; ncclkit writes what it is given, by name
        String ours = NcclTestsJson.render(timed, Map.of()).replaceFirst("\"env\":\\[[^\\]]*\\]", "\"env\":[]");
        String expected = json.strip().replaceFirst("\"env\":\\[(\"(\\\\.|[^\"\\\\])*\",?)*\\]", "\"env\":[]");

        assertThat(MEASURED.matcher(ours).replaceAll("#")).isEqualTo(MEASURED.matcher(expected).replaceAll("#"));
    }

    /** The lines both tools print alike: without the first line (each names itself) and the JSON file's line. */
    private static List<String> comparable(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        lines.removeIf(line -> line.startsWith("# Writing JSON output to "));
        lines.removeFirst();
        return lines.stream().map(line -> MEASURED.matcher(line).replaceAll("#")).toList();
    }

    private static String resource(String file) throws IOException {
        try (InputStream in = NcclTestsGoldenTest.class.getResourceAsStream(DIRECTORY + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A capture read back: the flags as ncclkit parses them, its devices, and rows of ncclkit's sizes. */
    private record Capture(String text, PerfConfig config, int ncclVersion, List<DeviceLine> devices,
                           List<ResultRow> rows, String lastError) {

        static Capture of(Collective collective, String text) {
            List<String> lines = text.lines().toList();
            List<DeviceLine> devices = new ArrayList<>();
            List<String[]> measured = new ArrayList<>();
            String[] header = null;
            for (String line : lines) {
                Matcher h = HEADER.matcher(line);
                Matcher d = DEVICE.matcher(line);
                if (h.matches()) {
                    header = new String[h.groupCount()];
                    for (int i = 0; i < header.length; i++) {
                        header[i] = h.group(i + 1);
                    }
                } else if (d.matches()) {
                    devices.add(new DeviceLine(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)),
                            Long.parseLong(d.group(3)), d.group(4), Integer.parseInt(d.group(5)), d.group(6), d.group(7)));
                } else if (ROW.matcher(line).matches()) {
                    measured.add(columns(line));
                }
            }
            assertThat(header).as("the capture's '# nThread ...' line").isNotNull();
            String[] first = measured.getFirst();
            PerfConfig config = parse(collective, header, first[2], first[3]);
            int ranks = devices.size();
            List<ResultRow> rows = new ArrayList<>();
            List<Long> sizes = config.sizes();
            for (int i = 0; i < measured.size(); i++) {
                String[] m = measured.get(i);
                DataType type = DataType.byLabel(m[2]).orElseThrow();
                BufferPlan plan = collective.plan(sizes.get(i % sizes.size()), type, ranks);
                RedOp op = RedOp.byLabel(m[3]).orElse(RedOp.SUM);
                rows.add(new ResultRow(plan.sizeBytes(type), plan.paramCount(), type.label(), collective.tableRedop(op),
                        collective.rooted() ? Integer.parseInt(m[4]) : -1, measurement(m, 5), measurement(m, 9),
                        config.iterations(), null));
            }
            Matcher library = LIBRARY.matcher(lines.getFirst());
            String last = lines.stream().filter(l -> l.startsWith("# error: ")).map(l -> l.substring(9)).findFirst().orElse("");
            return new Capture(text, config, library.find() ? Integer.parseInt(library.group(1)) : 0, devices, rows, last);
        }

        /** The same rows with the measured numbers of the capture's JSON (six decimals instead of two). */
        Capture withMeasurementsOf(JsonNode json) {
            List<ResultRow> measuredRows = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                ResultRow row = rows.get(i);
                JsonNode result = json.get("results").get(i);
                measuredRows.add(new ResultRow(row.sizeBytes(), row.count(), row.type(), row.redop(), row.root(),
                        measurement(result.get("out_of_place")), measurement(result.get("in_place")),
                        result.get("actual_iterations").intValue(), null));
            }
            return new Capture(text, config, ncclVersion, devices, measuredRows, lastError);
        }

        RunReport report(List<String> args, Map<String, String> env, List<String> errors) {
            return new RunReport(config, args, ncclVersion, "", "", devices, rows, Double.NaN, errors, null);
        }

        /** The flags of the header line (and the first row's type and operation) as {@code perf} options. */
        private static PerfConfig parse(Collective collective, String[] h, String type, String op) {
            List<String> args = new ArrayList<>(List.of(collective.label(), "-t", h[0], "-g", h[1], "-b", h[2], "-e", h[3],
                    h[5].equals("factor") ? "-f" : "-i", h[4], "-w", h[6], "-n", h[7], "-m", h[8], "-c", h[9],
                    "-G", h[10], "-u", h[11], "-d", type));
            if (collective.reduces()) {
                args.addAll(List.of("-o", op));
            }
            PerfCommand command = new PerfCommand();
            new CommandLine(command).parseArgs(args.toArray(String[]::new));
            return command.toConfig();
        }

        /** A row's fixed preamble (the redop may be blank), then its whitespace-separated numbers. */
        private static String[] columns(String line) {
            List<String> c = new ArrayList<>();
            c.add(line.substring(0, 12).strip());
            c.add(line.substring(14, 26).strip());
            c.add(line.substring(28, 36).strip());
            c.add(line.substring(38, 44).strip());
            c.add(line.substring(46, 52).strip());
            c.addAll(List.of(line.substring(52).strip().split(" +")));
            return c.toArray(String[]::new);
        }

        private static Measurement measurement(String[] m, int at) {
            Long wrong = m[at + 3].equals("N/A") ? null : Long.valueOf(m[at + 3]);
            return new Measurement(Double.parseDouble(m[at]), Double.parseDouble(m[at + 1]),
                    Double.parseDouble(m[at + 2]), wrong, null);
        }

        private static Measurement measurement(JsonNode placement) {
            JsonNode time = placement.has("time") ? placement.get("time") : placement.get("cpu_time");
            JsonNode wrong = placement.get("nwrong");
            return new Measurement(time.doubleValue(), placement.get("alg_bw").doubleValue(),
                    placement.get("bus_bw").doubleValue(), wrong.isNull() ? null : (long) wrong.doubleValue(), null);
        }
    }
}
