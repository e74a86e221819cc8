package org.ncclkit.ras;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * NCCL RAS's answer to {@code VERBOSE STATUS}, reduced to the ranks and processes it reports as a problem. Reads both
 * of NCCL's formats: the text (2.24 on; its Errors and Warnings sections) and the JSON of 2.28.7 on.
 *
 * @param findings the ranks and processes RAS names, in the order it names them
 * @param json     whether the answer was NCCL's JSON
 */
public record RasStatus(List<RasFinding> findings, boolean json) {
    /** "  Rank 3 has launched up to operation 6649 -- GPU 3 managed by process 4711 on node 10.0.0.2". */
    private static final Pattern RANK = Pattern.compile(
            "^\\s+Rank (\\d+)(?: (.*?))? -- (?:GPU .*? managed by process (\\d+) on node (\\S+)|\\[process information not found\\])\\s*$");
    /** "  Process 4711 on node 10.0.0.2 managing GPU 5". */
    private static final Pattern PROCESS = Pattern.compile("^\\s+Process (\\d+) on node (\\S+) managing GPUs? .*$");
    /** NCCL 2.24: "  The missing ranks: 3,7". */
    private static final Pattern MISSING_RANKS = Pattern.compile("^\\s+The missing ranks?: ([\\d,\\s]+)$");
    /** "#0-0 (27a079b828ff1a75) MISMATCH": a communicator's block. */
    private static final Pattern COMMUNICATOR = Pattern.compile("^(#\\d+-\\d+) \\(([0-9a-fA-F]+)\\) (\\S+)\\s*$");

    public RasStatus {
        findings = List.copyOf(findings);
    }

    /** Parses either format; JSON when the answer starts with '{'. */
    public static RasStatus parse(String answer) {
        return answer.stripLeading().startsWith("{") ? parseJson(answer) : parseText(answer);
    }

    /** NCCL's text: every rank or process line under the Errors and Warnings sections, with what its block says. */
    static RasStatus parseText(String text) {
        List<RasFinding> findings = new ArrayList<>();
        boolean inProblems = false;
        String block = "";
        String detail = "";
        for (String line : text.lines().toList()) {
            if (line.isBlank() || line.startsWith("=")) {
                continue;
            }
            if (!Character.isWhitespace(line.charAt(0))) {
                if (line.equals("Errors") || line.equals("Warnings")) {
                    inProblems = true;
                } else if (line.endsWith("...") || line.startsWith("Communicators") || line.startsWith("Job summary")) {
                    inProblems = false;
                }
                block = blockName(line.strip());
                detail = "";
                continue;
            }
            if (!inProblems) {
                continue;
            }
            Matcher rank = RANK.matcher(line);
            Matcher process = PROCESS.matcher(line);
            Matcher missing = MISSING_RANKS.matcher(line);
            if (rank.matches()) {
                String own = rank.group(2);
                findings.add(new RasFinding(Integer.parseInt(rank.group(1)), rank.group(3) == null ? -1 : Long.parseLong(rank.group(3)),
                        rank.group(4), block + ": " + (own != null ? own : detail)));
            } else if (process.matches()) {
                findings.add(new RasFinding(-1, Long.parseLong(process.group(1)), process.group(2), block + ": " + detail));
            } else if (missing.matches()) {
                for (String r : missing.group(1).split(",")) {
                    if (!r.isBlank()) {
                        findings.add(new RasFinding(Integer.parseInt(r.strip()), -1, "", block + ": " + detail));
                    }
                }
            } else {
                detail = lowerFirst(line.strip().replaceFirst(":$", ""));
            }
        }
        return new RasStatus(findings, false);
    }

    private static String blockName(String header) {
        Matcher comm = COMMUNICATOR.matcher(header);
        if (comm.matches()) {
            return comm.group(3) + " in communicator " + comm.group(1) + " (" + comm.group(2) + ")";
        }
        return header;
    }

    /**
     * NCCL's JSON (2.28.7 on): every communicator's missing ranks, its ranks with an asynchronous or init error, and
     * the ranks that launched fewer collectives than the most advanced one (those the others wait for).
     */
    static RasStatus parseJson(String json) {
        JsonNode root;
        try {
            root = JsonMapper.shared().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("NCCL RAS sent JSON that does not parse: " + e.getOriginalMessage(), e);
        }
        List<RasFinding> findings = new ArrayList<>();
        for (JsonNode comm : root.path("communicators")) {
            String name = "communicator " + comm.path("hash").asString("?");
            for (JsonNode missing : comm.path("missing_ranks")) {
                JsonNode status = missing.path("status");
                String what = status.path("considered_dead").asBoolean(false) ? "considered dead by RAS"
                        : status.path("unresponsive").asBoolean(false) ? "not responding to RAS" : "missing";
                findings.add(finding(missing, what + " (" + name + ")"));
            }
            long most = 0;
            for (JsonNode rank : comm.path("ranks")) {
                most = Math.max(most, launched(rank));
            }
            for (JsonNode rank : comm.path("ranks")) {
                JsonNode status = rank.path("status");
                int async = status.path("async_error").asInt(0);
                int init = status.path("init_state").asInt(0);
                if (async != 0 && async != 7) {
                    findings.add(finding(rank, "asynchronous error " + async + " (" + name + ")"));
                } else if (init != 0 && init != 7) {
                    findings.add(finding(rank, "initialization error " + init + " (" + name + ")"));
                } else if (launched(rank) < most) {
                    findings.add(finding(rank, "behind: launched " + launched(rank) + " collectives, others up to "
                            + most + " (" + name + ")"));
                }
            }
        }
        return new RasStatus(findings, true);
    }

    private static RasFinding finding(JsonNode rank, String what) {
        return new RasFinding(rank.path("rank").asInt(-1), rank.path("pid").asLong(-1), rank.path("host").asString(""), what);
    }

    private static long launched(JsonNode rank) {
        long total = 0;
        for (JsonNode count : rank.path("collective_counts")) {
            total += count.asLong(0);
        }
        return total;
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    /** One clause naming every finding, or a sentence saying RAS named none. */
    public String describe() {
        if (findings.isEmpty()) {
            return "NCCL RAS names no missing, dead or lagging rank";
        }
        return "NCCL RAS: " + String.join("; ", findings.stream().map(RasFinding::describe).toList());
    }
}
