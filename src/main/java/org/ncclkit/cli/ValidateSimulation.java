package org.ncclkit.cli;

import java.io.PrintWriter;
import java.util.List;

import org.ncclkit.validate.PairSearch;
import org.ncclkit.validate.SearchSimulation;
import org.ncclkit.validate.SearchSimulation.Cluster;
import org.ncclkit.validate.SearchSimulation.Placement;
import org.ncclkit.validate.SearchSimulation.Result;

/** {@code ncclkit validate --simulate N}: the search on simulated clusters, one line per case, for the docs' figures. */
final class ValidateSimulation {
    private ValidateSimulation() {
    }

    static int print(int nodes, List<Integer> badCounts, int seeds, PrintWriter out) {
        if (nodes < 2 || nodes > 100_000 || seeds < 1 || badCounts.stream().anyMatch(b -> b < 0 || b > nodes)) {
            throw new UsageException("--simulate needs 2..100000 nodes, --seeds 1 or more, and bad counts 0..N");
        }
        out.printf("# simulated: %d nodes on leaves of 32 under a 2:1 oversubscribed spine, bad nodes at 60%% of a good "
                + "node's bandwidth, 3%% noise; %d seeds per case; exhaustive pairwise would take %d rounds; round limit %d%n",
                nodes, seeds, nodes % 2 == 0 ? nodes - 1 : nodes, PairSearch.roundLimit(nodes));
        out.printf("# %-16s %4s %10s %10s %10s %9s %10s %12s %14s %12s%n", "placement", "bad", "rounds", "pair tests",
                "all found", "blamed", "1st median", "frames/rank0", "MB out/rank0", "state bytes");
        for (Placement placement : Placement.values()) {
            for (int bad : badCounts) {
                int maxRounds = 0;
                int maxPairs = 0;
                int found = 0;
                int blamed = 0;
                double median = 0;
                long frames = 0;
                long bytesOut = 0;
                long state = 0;
                for (long seed = 1; seed <= seeds; seed++) {
                    Result r = SearchSimulation.run(Cluster.typical(nodes, bad, seed), placement, seed);
                    maxRounds = Math.max(maxRounds, r.rounds());
                    maxPairs = Math.max(maxPairs, r.pairsTested());
                    found += r.convicted().containsAll(r.bad()) ? 1 : 0;
                    blamed += r.healthyBlamed().size();
                    median += r.firstRoundMedianOfLink() / seeds;
                    frames = Math.max(frames, r.pluginLoad().frames());
                    bytesOut = Math.max(bytesOut, r.pluginLoad().bytesOut());
                    state = Math.max(state, r.roundsJsonBytes());
                }
                out.printf("  %-16s %4d %10s %10d %7d/%-2d %9d %10.2f %12d %14.1f %12d%n", placement.name().toLowerCase(),
                        bad, "<= " + maxRounds, maxPairs, found, seeds, blamed, median, frames, bytesOut / 1e6, state);
            }
        }
        out.println("# rounds: most over the seeds; all found: seeds where every bad node was convicted; blamed: healthy "
                + "nodes convicted or left suspect, over all seeds; 1st median: the first round's median pair bandwidth "
                + "in units of a node's link; rank 0: the plugin step's rendezvous frames and bytes sent, all rounds; "
                + "state: JSON of every judged round that rank 0 keeps");
        out.flush();
        return ExitCodes.OK;
    }
}
