package org.ncclkit.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ncclkit.info.Versions;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads nccl-tests' JSON file ({@code -J}, version 3), as nccl-tests and {@code ncclkit perf -J} write it, quirks
 * included: booleans and NaN as strings, the root as a padded string, {@code nwrong} null with {@code -c 0}. The
 * collective comes from the command line in {@code args}. Only the {@code NCCL_*}, {@code FI_*}, {@code CUDA_*} and
 * {@code NCCLKIT_*} variables of {@code env} are kept: nccl-tests dumps the whole environment, secrets included.
 */
public final class NcclTestsJsonReader {
    private static final List<String> KEPT_VARIABLES = List.of("NCCL_", "FI_", "CUDA_", "NCCLKIT_");

    private NcclTestsJsonReader() {
    }

    /** @throws ResultsFormatException if {@code json} is not a version-3 document */
    public static BenchmarkRun read(String json, String source) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(json);
        } catch (JacksonException e) {
            throw new ResultsFormatException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (!root.isObject() || !root.path("results").isArray()) {
            throw new ResultsFormatException(source + ": not an nccl-tests JSON file (no \"results\" list)");
        }
        int version = root.path("version").asInt(0);
        if (version != 3) {
            throw new ResultsFormatException(source + ": nccl-tests JSON version " + version + ", ncclkit reads version 3");
        }
        List<String> args = new ArrayList<>();
        root.path("args").forEach(a -> args.add(a.asString()));
        String command = String.join(" ", args);
        RunFacts facts = new RunFacts(args.isEmpty() || !args.getFirst().contains("ncclkit") ? "nccl-tests" : "ncclkit",
                "", root.path("nccl_version").isInt() ? Versions.nccl(root.path("nccl_version").asInt()) : "",
                devices(root.path("config").path("devices")), command, environment(root.path("env")),
                root.path("start_time").asString(""));
        List<SizeRow> rows = new ArrayList<>();
        root.path("results").forEach(r -> rows.add(row(r)));
        JsonNode average = root.path("average_bus_bandwidth").path("bandwidth");
        JsonNode outOfBounds = root.path("out_of_bounds").path("count");
        return new BenchmarkRun(source, NcclTestsTextReader.collectiveFromName(command), facts, List.copyOf(rows),
                root.has("end_time"), average.isNumber() ? average.asDouble() : null,
                outOfBounds.isNumber() ? outOfBounds.asLong() : null);
    }

    private static List<RankDevice> devices(JsonNode devices) {
        List<RankDevice> list = new ArrayList<>();
        devices.forEach(d -> list.add(new RankDevice(d.path("rank").asInt(), d.path("group").asInt(),
                d.path("pid").asLong(), d.path("hostname").asString(""), d.path("device").asInt(),
                d.path("device_hex").asString(""), d.path("device_info").asString(""))));
        return List.copyOf(list);
    }

    private static Map<String, String> environment(JsonNode env) {
        Map<String, String> kept = new LinkedHashMap<>();
        env.forEach(entry -> {
            String text = entry.asString("");
            int eq = text.indexOf('=');
            if (eq > 0 && KEPT_VARIABLES.stream().anyMatch(text::startsWith)) {
                kept.put(text.substring(0, eq), text.substring(eq + 1));
            }
        });
        return kept;
    }

    private static SizeRow row(JsonNode r) {
        return new SizeRow(r.path("size").asLong(), r.path("count").asLong(), r.path("type").asString(""),
                r.path("redop").asString(""), Integer.parseInt(r.path("root").asString("-1").strip()),
                placement(r.path("out_of_place"), r.path("out_of_place_per_iter")),
                placement(r.path("in_place"), r.path("in_place_per_iter")));
    }

    private static Placement placement(JsonNode p, JsonNode perIteration) {
        if (!p.isObject()) {
            return null;
        }
        JsonNode time = p.has("cpu_time") ? p.path("cpu_time") : p.path("time");
        JsonNode wrong = p.path("nwrong");
        return new Placement(number(time), number(p.path("alg_bw")), number(p.path("bus_bw")),
                wrong.isNumber() ? wrong.asDouble() : null,
                perIteration.path("cv_pct").isNumber() ? perIteration.path("cv_pct").asDouble() : null);
    }

    // nccl-tests writes NaN as the string "nan"
    private static double number(JsonNode value) {
        return value.isNumber() ? value.asDouble() : Double.NaN;
    }
}
