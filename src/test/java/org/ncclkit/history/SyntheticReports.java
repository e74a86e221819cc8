package org.ncclkit.history;

import java.util.List;
import java.util.Map;

import org.ncclkit.check.CheckStep;
import org.ncclkit.check.P2pJson;
import org.ncclkit.check.Suspect;
import org.ncclkit.report.Json;
import org.ncclkit.results.RunFacts;
import org.ncclkit.validate.NodeVerdict;
import org.ncclkit.validate.ValidateReport;

/** Documents of check p2p and validate as the commands write them, for the history's tests, and their recordings. */
public final class SyntheticReports {
    /** The fingerprint of 2 x H100 nodes as validate records it. */
    public static final Fingerprint VALIDATE_FINGERPRINT = new Fingerprint(List.of("node-a", "node-b"),
            "NVIDIA H100 80GB HBM3", "580.159.04", "2.28.9", "libnccl-net-ofi.so", "1.22", Map.of("FI_PROVIDER", "efa"),
            "ncclkit validate --budget 10m");
    private static final RunFacts FACTS = new RunFacts("ncclkit", "dev", "2.28.9", List.of(), "ncclkit validate --budget 10m",
            Map.of(), "2026-12-07T18:00:00Z");

    private SyntheticReports() {
    }

    /** Three nodes at 24 GB/s a pair but the pair 1-2, at {@code slowGbps}, with {@code wrong} elements wrong. */
    public static P2pJson.Document p2p(double slowGbps, long wrong) {
        boolean slow = slowGbps < 24 * 0.8;
        List<P2pJson.Pair> pairs = List.of(
                new P2pJson.Pair(0, 1, "node0", "node1", 24.0, 21.5, 0, false, false),
                new P2pJson.Pair(0, 2, "node0", "node2", 24.0, 21.7, 0, false, false),
                new P2pJson.Pair(1, 2, "node1", "node2", slowGbps, 22.0, wrong, slow, false));
        List<Suspect> suspects = slow ? List.of(new Suspect("node1", 1, 2), new Suspect("node2", 1, 2)) : List.of();
        return new P2pJson.Document(3, List.of("node0", "node1", "node2"), 64L << 20, 8, 20, 0.8, 0.5, !slow && wrong == 0,
                24.0, 21.7, pairs, suspects);
    }

    /** Two passing nodes; all_reduce, all_gather and all_reduce network-only at 1 GiB, {@code scale} times 180, 170, 45 GB/s. */
    public static ValidateReport validate(double scale) {
        return validate(scale, scale);
    }

    /** As {@link #validate(double)}, with the all_reduce over all GPUs scaled by {@code allReduceScale} alone. */
    public static ValidateReport validate(double allReduceScale, double scale) {
        return new ValidateReport(ValidateReport.SCHEMA, "dev", "2026-12-07T18:00:00Z", 312.5, 600, "ranks",
                List.of(new ValidateReport.Node("node-a", 0, "", NodeVerdict.PASS, List.of(), "", Map.of()),
                        new ValidateReport.Node("node-b", 1, "", NodeVerdict.PASS, List.of(), "", Map.of())),
                List.of(new ValidateReport.Step("collectives", CheckStep.Outcome.PASS, "all GPUs all_reduce", List.of())),
                List.of(new ValidateReport.Busbw("all GPUs", "all_reduce", 1L << 30, 180 * allReduceScale, 190.0, 150.0, "model", 0),
                        new ValidateReport.Busbw("all GPUs", "all_gather", 1L << 30, 170 * scale, null, null, "no model", 0),
                        new ValidateReport.Busbw("network only", "all_reduce", 1L << 30, 45 * scale, null, null, "no model", 0)),
                List.of(), 0);
    }

    /** Records {@link #validate} at {@code scale} as validate does; returns the run's ID. */
    public static long recordValidate(HistoryStore store, double scale) {
        ValidateReport report = validate(scale);
        return store.add(new Recording("validate", true, VALIDATE_FINGERPRINT, CommandRows.collectives(report, FACTS),
                Json.write(report), "2 PASS, 0 SUSPECT, 0 FAIL"));
    }
}
