package org.ncclkit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.ncclkit.bench.StallWatchdog;
import org.ncclkit.info.Hostname;
import org.ncclkit.launch.RankEnv;
import org.ncclkit.launch.RunMembership;
import org.ncclkit.rendezvous.Reduction;
import org.ncclkit.rendezvous.RendezvousClient;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ncclkit selftest}: proves a launch works before any GPU is involved. Every rank finds its rank from the
 * launcher, meets the others at rank 0's store, and they broadcast a 128-byte id, line up, gather who runs where and
 * add up their ranks. {@code --kill-rank} and {@code --fail-rank} make one rank die or fail, to see the others stop.
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit run -np 4 selftest",
                "  mpirun -np 4 ncclkit selftest",
                "  ncclkit run -np 3 selftest --kill-rank 1"},
        sortOptions = false,
        description = {"Check a multi-process launch without NCCL or a GPU: rank discovery, the rendezvous, broadcast, "
                + "barrier, gather, all-reduce, and (with --kill-rank/--fail-rank) that a failed rank stops the others.",
                "Run it the way perf will be run: mpirun -np 4 ncclkit selftest, srun ncclkit selftest, ncclkit run -np 4 selftest."})
public final class SelftestCommand implements Callable<Integer>, RankCommand {
    private static final int ID_BYTES = 128;

    @Option(names = "--kill-rank", paramLabel = "RANK", description = "This rank kills itself (SIGKILL) after the first barrier.")
    Integer killRank;
    @Option(names = "--fail-rank", paramLabel = "RANK", description = "This rank reports a failure after the first barrier.")
    Integer failRank;
    @Option(names = "--hold", paramLabel = "SECONDS", defaultValue = "0",
            description = "Keep every rank in the run this long after the checks, meeting at a barrier every second "
                    + "(to try Ctrl-C, a lost node, or kill -STOP of one rank; default ${DEFAULT-VALUE}).")
    int holdSeconds;
    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", defaultValue = "0",
            description = "As perf's -T: a wait that goes this long without progress stops the run, naming the ranks it "
                    + "waits for (exit 4); 0 never (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;
    @Mixin
    RendezvousOptions rendezvous;

    @Spec
    CommandSpec spec;

    @Override
    public void checkBeforeLaunch(int worldSize) {
        rendezvous.timeouts();
        checkRank("--kill-rank", killRank, worldSize);
        checkRank("--fail-rank", failRank, worldSize);
        if (holdSeconds < 0) {
            throw new UsageException("--hold needs 0 or more seconds, not " + holdSeconds);
        }
    }

    /** A rank to kill or fail that the run does not have would make the selftest pass without testing anything. */
    private static void checkRank(String option, Integer rank, int worldSize) {
        if (rank != null && (rank < 0 || rank >= worldSize)) {
            throw new UsageException(option + " " + rank + ": this run has " + worldSize + " ranks, 0 to " + (worldSize - 1));
        }
    }

    @Override
    public Integer call() {
        if (timeoutSeconds < 0 || holdSeconds < 0) {
            throw new UsageException("-T and --hold must not be negative");
        }
        Optional<RankEnv> launched = RankEnv.discover(System.getenv());
        if (launched.isPresent()) {
            try {
                checkBeforeLaunch(launched.get().worldSize());
            } catch (UsageException e) {
                // every rank finds the same mistake: rank 0 says it, the others end with the same status in silence
                if (launched.get().rank() == 0) {
                    spec.commandLine().getErr().println("ncclkit: error: " + e.getMessage());
                    spec.commandLine().getErr().flush();
                }
                return ExitCodes.USAGE;
            }
        }
        return RankSession.execute(rendezvous, (membership, peerFailure) -> {
            RunMembership member = membership.orElseThrow(() -> new UsageException("no launcher started this process as "
                    + "one of several ranks (no Open MPI, PMIx, MPICH, Slurm or torchrun variables); run it as: ncclkit run "
                    + "-np 2 selftest, or mpirun -np 2 ncclkit selftest"));
            try (StallWatchdog stall = StallExit.watchdog(timeoutSeconds, peerFailure, membership)) {
                return selftest(member, stall);
            }
        });
    }

    private int selftest(RunMembership membership, StallWatchdog stall) {
        RendezvousClient client = membership.client();
        RankEnv rank = membership.rank();
        PrintWriter out = spec.commandLine().getOut();
        boolean leader = rank.rank() == 0;
        if (leader) {
            out.printf("# ncclkit selftest: %d ranks launched by %s, rendezvous %s (%s)%n", rank.worldSize(),
                    rank.launcher(), membership.settings().address(), membership.settings().source());
        }
        stall.step("the checks (broadcast, all-gather, barrier, gather, all-reduce)");
        byte[] id = client.broadcast(0, leader ? randomId() : null);
        List<byte[]> ids = client.allGather(id);
        boolean identical = ids.stream().allMatch(other -> Arrays.equals(other, ids.getFirst()));

        long started = System.nanoTime();
        client.barrier();
        double barrierMillis = (System.nanoTime() - started) / 1e6;
        if (Integer.valueOf(rank.rank()).equals(killRank)) {
            killSelf();
        }
        if (Integer.valueOf(rank.rank()).equals(failRank)) {
            throw new SelftestFailure("simulated failure (--fail-rank " + failRank + ")");
        }
        String me = String.format("%6d %6d  %-20s %8d", rank.rank(), membership.indexOnHost(), Hostname.get(), ProcessHandle.current().pid());
        List<String> everyone = client.gather(0, me.getBytes(StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
        double rankSum = client.allReduce(rank.rank(), Reduction.SUM);
        long expected = (long) rank.worldSize() * (rank.worldSize() - 1) / 2;
        boolean passed = identical && rankSum == expected;
        if (leader) {
            out.printf("#   rank  local  %-20s %8s%n", "host", "pid");
            everyone.forEach(line -> out.println("# " + line));
            out.printf("# broadcast of a %d-byte id: %s%n", ID_BYTES, identical ? "identical on every rank" : "DIFFERS between ranks");
            out.printf("# barrier: %.2f ms%n", barrierMillis);
            out.printf("# all-reduce of the ranks: %.0f (expected %d)%n", rankSum, expected);
            out.println(passed ? "# selftest passed" : "# selftest FAILED");
            out.flush();
        }
        hold(client, stall);
        return passed ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
    }

    /** One barrier a second, the same number on every rank, so that a rank that stops is missed within a second. */
    private void hold(RendezvousClient client, StallWatchdog stall) {
        for (int second = 1; second <= holdSeconds; second++) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            stall.step("--hold (barrier " + second + " of " + holdSeconds + ")");
            client.barrier();
        }
    }

    private static byte[] randomId() {
        byte[] id = new byte[ID_BYTES];
        new SecureRandom().nextBytes(id);
        return id;
    }

    /** Dies as a crashed rank does: no clean-up, no goodbye to the store. */
    private static void killSelf() {
        try {
            new ProcessBuilder("kill", "-KILL", Long.toString(ProcessHandle.current().pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime.getRuntime().halt(137); // not reached unless kill is missing
    }

    /** The rank that was asked to fail did; exits 1. */
    static final class SelftestFailure extends RuntimeException {
        SelftestFailure(String message) {
            super(message);
        }
    }
}
