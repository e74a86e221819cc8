package org.ncclkit.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

import org.ncclkit.ffi.Libc;

/**
 * {@code ncclkit run}: starts one process per rank on this host, like {@code torchrun --standalone}, with
 * torchrun's variables, a rendezvous on loopback and a fresh run token. Rank 0's output is shown as it is; the
 * others' standard error, and warnings on their standard output, come prefixed with their rank. When a rank
 * fails the others are stopped by the rendezvous; any still running after a grace period are killed. No rank outlives
 * the launcher: a SIGTERM or SIGINT to it stops every rank started and starts no more, and each rank asks the kernel
 * for SIGTERM when the launcher ends in any other way ({@link #endWithLauncher}).
 */
public final class LocalLauncher {
    /** How long the other ranks get to stop by themselves once one has failed. */
    private static final long GRACE_MILLIS = 15_000;
    /** The launcher's PID, in each rank's environment: the rank ends with that process. */
    public static final String LAUNCHER_PID_VARIABLE = "NCCLKIT_LAUNCHER_PID";
    private static final int SIGTERM = 15;

    private final int processes;
    private final int simulatedNodes;
    private final boolean allOutput;
    private final List<String> command;

    /**
     * @param processes      at least 1
     * @param simulatedNodes 0 for one real node; K (dividing {@code processes}) gives each of K groups of ranks its own
     *                       {@code NCCL_HOSTID}, so that NCCL treats them as K nodes and uses its network transport
     */
    public LocalLauncher(int processes, int simulatedNodes, boolean allOutput, List<String> command) {
        this.processes = processes;
        this.simulatedNodes = simulatedNodes;
        this.allOutput = allOutput;
        this.command = List.copyOf(command);
    }

    /** The variables that make a child rank {@code rank} of this run. */
    Map<String, String> rankEnvironment(Map<String, String> base, int rank, int port, String token) {
        Map<String, String> env = new HashMap<>(base);
        env.keySet().removeAll(RankEnv.VARIABLES); // another launcher's idea of this process's rank: only ours counts
        env.remove(RendezvousSettings.ADDRESS_VARIABLE);
        int perNode = simulatedNodes == 0 ? processes : processes / simulatedNodes;
        env.put("RANK", Integer.toString(rank));
        env.put("WORLD_SIZE", Integer.toString(processes));
        env.put("LOCAL_RANK", Integer.toString(rank % perNode));
        env.put("LOCAL_WORLD_SIZE", Integer.toString(perNode));
        env.put("MASTER_ADDR", "127.0.0.1");
        env.put("MASTER_PORT", Integer.toString(port));
        env.put("NCCLKIT_RUN_TOKEN", token);
        env.put(LAUNCHER_PID_VARIABLE, Long.toString(ProcessHandle.current().pid()));
        if (simulatedNodes > 0) {
            env.put("NCCL_HOSTID", "ncclkit-simulated-node-" + rank / perNode);
        }
        return env;
    }

    /** Runs every rank to the end and returns the run's exit status: 0, or the status of the rank that failed first. */
    public int run(Map<String, String> base, PrintWriter out, PrintWriter err) {
        String token = RunToken.random();
        int port = FreePort.find();
        Children children = new Children();
        List<Thread> pumps = new ArrayList<>();
        Thread stopOnInterrupt = new Thread(children::stopAll, "ncclkit-run-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            for (int rank = 0; rank < processes; rank++) {
                ProcessBuilder builder = new ProcessBuilder(command);
                builder.environment().clear();
                builder.environment().putAll(rankEnvironment(base, rank, port, token));
                Process child = children.start(builder, rank);
                if (child == null) {
                    return 128 + SIGTERM; // stopping: the hook has stopped the ranks started so far
                }
                pumps.add(pump(child.getInputStream(), rank == 0 ? out : err, rank == 0 ? "" : "[rank " + rank + "] ",
                        rank == 0 || allOutput));
                pumps.add(pump(child.getErrorStream(), err, rank == 0 ? "" : "[rank " + rank + "] ", true));
            }
            ExitOrder exits = await(children.list);
            for (Thread pump : pumps) {
                pump.join();
            }
            exits.report(err);
            return exits.status();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130; // 128 + SIGINT, as a shell reports an interrupted command; the ranks are stopped below
        } finally {
            children.stopAll();
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the children itself
            }
        }
    }

    /**
     * In a rank that this launcher started: the kernel sends it SIGTERM when the launcher ends, even by SIGKILL; and
     * if the launcher has ended already, it stops now. Nothing elsewhere.
     */
    public static void endWithLauncher(Map<String, String> env) {
        String launcher = env.get(LAUNCHER_PID_VARIABLE);
        if (launcher == null || !launcher.matches("\\d+")) {
            return;
        }
        long launcherPid = Long.parseLong(launcher);
        // Ranks still starting when the launcher is killed all reach this line on their own and must stop here: asking
        // the JDK first costs a third of the CPU that the native calls' set-up does, which on a loaded machine with
        // a dozen such ranks is seconds.
        if (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) != launcherPid) {
            Runtime.getRuntime().halt(128 + SIGTERM);
        }
        Libc.setParentDeathSignal(SIGTERM);
        if (Libc.parentPid() != launcherPid) {
            Runtime.getRuntime().halt(128 + SIGTERM); // it ended before this process could ask to follow it
        }
    }

    /**
     * The ranks started so far. Starting one and stopping them all exclude each other, so that a rank started while the
     * launcher is being stopped (the JVM's main thread goes on during shutdown hooks) is never missed.
     */
    private static final class Children {
        final List<Process> list = new CopyOnWriteArrayList<>();
        private boolean stopping;

        /** Starts the rank, or returns null when the launcher is stopping. */
        synchronized Process start(ProcessBuilder builder, int rank) {
            if (stopping) {
                return null;
            }
            Process child = LocalLauncher.start(builder, rank);
            list.add(child);
            return child;
        }

        void stopAll() {
            synchronized (this) {
                stopping = true;
            }
            stop(list);
        }
    }

    private static Process start(ProcessBuilder builder, int rank) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start rank " + rank + " (" + String.join(" ", builder.command()) + "): "
                    + e.getMessage(), e);
        }
    }

    /** Waits for every child; once one fails, gives the others {@link #GRACE_MILLIS} and then kills them. */
    private static ExitOrder await(List<Process> children) throws InterruptedException {
        ExitOrder exits = new ExitOrder(children.size());
        List<CompletableFuture<Process>> ends = new ArrayList<>();
        for (int rank = 0; rank < children.size(); rank++) {
            int r = rank;
            ends.add(children.get(rank).onExit().whenComplete((p, e) -> exits.record(r, p.exitValue())));
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(ends.toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            if (exits.firstFailureMillisAgo() > GRACE_MILLIS) {
                children.stream().filter(Process::isAlive).forEach(p -> {
                    exits.killed(children.indexOf(p));
                    p.destroyForcibly();
                });
            }
            try {
                all.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException notYet) {
                // keep waiting
            }
        }
        return exits;
    }

    /** Copies a child's lines to a writer, prefixed; without {@code everything}, only warnings and errors. */
    private static Thread pump(InputStream stream, PrintWriter to, String prefix, boolean everything) {
        return Thread.ofPlatform().daemon().name("ncclkit-run-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (everything || RankOutput.isWarning(line)) {
                        synchronized (to) {
                            to.println(prefix + line);
                            to.flush();
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone; its exit status tells what happened
            }
        });
    }

    /** SIGTERM to every child still running, then SIGKILL after five seconds. */
    private static void stop(List<Process> children) {
        children.stream().filter(Process::isAlive).forEach(Process::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process child : children) {
            try {
                if (!child.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    child.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.destroyForcibly();
            }
        }
    }
}
