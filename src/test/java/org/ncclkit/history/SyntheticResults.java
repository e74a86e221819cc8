package org.ncclkit.history;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.random.RandomGenerator;

import org.ncclkit.results.BenchmarkRun;
import org.ncclkit.results.Placement;
import org.ncclkit.results.RankDevice;
import org.ncclkit.results.RunFacts;
import org.ncclkit.results.SizeRow;

/** Runs for the history tests: an all_reduce sweep 8 B - 1 GiB, and copies of it degraded or with noise. */
final class SyntheticResults {
    static final Fingerprint FINGERPRINT = new Fingerprint(List.of("node-a", "node-b"), "NVIDIA H100 80GB HBM3",
            "580.159.04", "2.28.9", "libnccl-net-ofi.so", "1.22", Map.of("NCCL_PROTO", "simple"),
            "ncclkit perf all_reduce -b 8 -e 1G -f 4");

    private SyntheticResults() {
    }

    /** A sweep 8 B .. 1 GiB by 4x; bus bandwidth rises to about 360 GB/s, as on one 8 x H100 node. */
    static BenchmarkRun sweep() {
        List<SizeRow> rows = new java.util.ArrayList<>();
        for (long size = 8; size <= (1L << 30); size *= 4) {
            double busbw = 360.0 * size / (size + (4L << 20));
            double time = size / (busbw * 1e3) * 1.75;
            rows.add(new SizeRow(size, size / 4, "float", "sum", -1, new Placement(time, busbw / 1.75, busbw, 0.0, null),
                    new Placement(time, busbw / 1.75, busbw, 0.0, null)));
        }
        RunFacts facts = new RunFacts("ncclkit", "0.1.0", "2.28.9", List.of(
                new RankDevice(0, 0, 100, "node-a", 0, "0000:18:00.0", "NVIDIA H100 80GB HBM3"),
                new RankDevice(1, 0, 200, "node-b", 0, "0000:18:00.0", "NVIDIA H100 80GB HBM3")),
                "ncclkit perf all_reduce -b 8 -e 1G -f 4", Map.of("NCCL_PROTO", "simple"), "2026-12-07 15:00:00");
        return new BenchmarkRun("synthetic", "all_reduce", facts, List.copyOf(rows), true, 120.0, 0L);
    }

    /** {@code run} with bus bandwidth (and with it algbw and time) changed by {@code change} at the sizes given. */
    static BenchmarkRun scaled(BenchmarkRun run, Set<Long> sizes, DoubleUnaryOperator change) {
        List<SizeRow> rows = run.rows().stream().map(r -> !sizes.contains(r.sizeBytes()) ? r
                : new SizeRow(r.sizeBytes(), r.count(), r.type(), r.redop(), r.root(), scaled(r.outOfPlace(), change),
                        scaled(r.inPlace(), change))).toList();
        return new BenchmarkRun(run.source(), run.collective(), run.facts(), rows, run.complete(),
                run.averageBusBandwidth(), run.outOfBounds());
    }

    /** {@code run} with every bus bandwidth moved by a random amount of up to {@code fraction} either way. */
    static BenchmarkRun noisy(BenchmarkRun run, double fraction, RandomGenerator random) {
        Set<Long> all = new java.util.HashSet<>(run.rows().stream().map(SizeRow::sizeBytes).toList());
        return scaled(run, all, bw -> bw * (1 + (random.nextDouble() * 2 - 1) * fraction));
    }

    static Set<Long> allSizes(BenchmarkRun run) {
        return Set.copyOf(run.rows().stream().map(SizeRow::sizeBytes).toList());
    }

    private static Placement scaled(Placement p, DoubleUnaryOperator change) {
        double busbw = change.applyAsDouble(p.busBandwidth());
        double factor = busbw / p.busBandwidth();
        return new Placement(p.timeMicros() / factor, p.algorithmBandwidth() * factor, busbw, p.wrong(), p.cvPercent());
    }
}
