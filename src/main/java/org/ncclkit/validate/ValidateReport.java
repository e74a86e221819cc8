package org.ncclkit.validate;

import java.util.List;
import java.util.Map;

import org.ncclkit.check.CheckStep;
import org.ncclkit.report.Json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The {@code --json-file} document of {@code ncclkit validate}, schema {@value #SCHEMA} (documented in
 * docs/commands/validate.md): every node's verdict with its evidence and remediation, every step with its rounds of
 * pairs, the cluster's bus bandwidth beside the expected value, and the exit status.
 */
public record ValidateReport(String schema, String ncclkitVersion, String started, double seconds, double budgetSeconds,
                             String mode, List<Node> nodes, List<Step> steps, List<Busbw> busbw, List<String> excluded,
                             int exitStatus) {
    public static final String SCHEMA = "ncclkit.validate/1";
    /** What every version of the schema starts with: {@code ncclkit.validate/N}. */
    public static final String SCHEMA_FAMILY = "ncclkit.validate/";

    /**
     * A document read back from its JSON; keys added within version 1 that this build does not know are ignored.
     *
     * @throws IllegalArgumentException if it is not JSON of this schema, or of another version of it
     */
    public static ValidateReport read(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")");
        }
        String schema = root.path("schema").asString("");
        if (!schema.equals(SCHEMA)) {
            throw new IllegalArgumentException(schema.startsWith(SCHEMA_FAMILY)
                    ? "schema " + schema + ", but this ncclkit reads " + SCHEMA + " only (written by a newer ncclkit?)"
                    : "not an " + SCHEMA + " document (its schema is '" + schema + "')");
        }
        try {
            return Json.MAPPER.treeToValue(root, ValidateReport.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not a valid " + SCHEMA + " document (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * One node: its name (host, or host/NCCL_HOSTID), rank, group, verdict, evidence, what to do, and its GPUs and
     * software as the inventory step found them (empty where it did not run, and in documents written before it).
     */
    public record Node(String name, int rank, String group, NodeVerdict verdict, List<Evidence> evidence, String remediation,
                       Map<String, String> software) {
        public Node {
            software = software == null ? Map.of() : software;
        }
    }

    /** One step: name, outcome, the words that say why, and for a pair step its rounds. */
    public record Step(String name, CheckStep.Outcome outcome, String detail, List<Round> rounds) {
        /** This step with the verdict on NCCL's log of it: a FAIL there fails the step. */
        Step withLog(java.util.Optional<CheckStep> log) {
            return log.map(v -> new Step(name, v.passed() ? outcome : CheckStep.Outcome.FAIL,
                    detail + "; NCCL log: " + v.detail(), rounds)).orElse(this);
        }
    }

    /** One round of a pair step: number, retest or not, waves, the baselines and every pair as judged. */
    public record Round(int number, boolean retest, int waves, double baselineGbps, Double baselineUs, List<Pair> pairs) {
    }

    /** One pair: the nodes, bandwidth each way (GB/s), latency (µs, null when not measured), wrong, error, problem. */
    public record Pair(String low, String high, double lowToHighGbps, double highToLowGbps, Double latencyUs, long wrong,
                       String error, String problem) {
    }

    /**
     * One collective run: which run (all GPUs, network-only, NVLink-only on a node), collective, size, measured busbw,
     * the expected value and its band (null when no model applies), its basis, and wrong elements.
     */
    public record Busbw(String run, String collective, long bytes, double busbwGbps, Double expectedGbps,
                        Double expectedLowGbps, String expectedBasis, long wrong) {
    }

    static Round round(PairSearch.Round round, int waves, List<String> nodes) {
        return new Round(round.number(), round.retest(), waves, round.baselineGBps(), finite(round.baselineMicros()),
                round.pairs().stream().map(p -> {
                    PairOutcome o = p.outcome();
                    return new Pair(nodes.get(o.pair().low()), nodes.get(o.pair().high()), o.lowToHighGBps(),
                            o.highToLowGBps(), finite(o.latencyMicros()), o.wrong(), o.error(), p.problem());
                }).toList());
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
