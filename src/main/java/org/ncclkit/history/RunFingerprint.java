package org.ncclkit.history;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.ncclkit.info.NodeSoftware;
import org.ncclkit.results.BenchmarkRun;

/** Builds the {@link Fingerprint} of a run from its results, the node's software and the environment. */
public final class RunFingerprint {
    /** Options that only name where output goes: two runs that differ in them are the same experiment. */
    private static final Set<String> OUTPUT_OPTIONS = Set.of("-J", "--output_file", "--csv", "--prom", "--history",
            "--monitor", "--json-file", "--exclude-file");
    private static final Set<String> OUTPUT_FLAGS = Set.of("--no-history", "--json");

    private RunFingerprint() {
    }

    public static Fingerprint of(BenchmarkRun run, NodeSoftware software, Map<String, String> environment) {
        return of(run.facts().hosts(), String.join(",", run.facts().gpuModels()), run.facts().ncclVersion(), software,
                environment, run.facts().command());
    }

    /** For a run whose results do not name its GPUs and NCCL (check, validate): they are given. */
    public static Fingerprint of(List<String> hosts, String gpuModels, String nccl, NodeSoftware software,
                                 Map<String, String> environment, String command) {
        return new Fingerprint(hosts, gpuModels, software.driver(), nccl, software.plugins(), software.libfabric(),
                networkVariables(environment), experiment(command));
    }

    /** The variables that steer NCCL and libfabric. */
    static Map<String, String> networkVariables(Map<String, String> environment) {
        Map<String, String> kept = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("NCCL_") || name.startsWith("FI_")) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** The command line without its output options ({@code -J r.json}, {@code --prom FILE}, ...). */
    static String experiment(String command) {
        List<String> kept = new ArrayList<>();
        String[] words = command.isBlank() ? new String[0] : command.strip().split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
            if (OUTPUT_OPTIONS.contains(name)) {
                i += word.contains("=") ? 0 : 1;
            } else if (!OUTPUT_FLAGS.contains(word)) {
                kept.add(word);
            }
        }
        return String.join(" ", kept);
    }
}
