package org.ncclkit.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * How many rank processes this node can hold, so that a typo such as {@code -np 100000} is refused at once instead of
 * starting JVMs until the kernel's OOM killer comes. The rule: the smallest of
 * <ul>
 * <li>memory: the memory available now (MemAvailable, or the cgroup's limit less its usage where that is less) over
 *     {@value #RANK_MEMORY_MIB} MiB a rank (a selftest rank's JVM holds about 75 MiB; a perf rank adds the CUDA
 *     context and NCCL's buffers on the host);</li>
 * <li>tasks: the threads the kernel and the cgroup still allow over {@value #RANK_THREADS} a rank (a JVM starts about
 *     20, NCCL and CUDA add theirs);</li>
 * <li>CPUs: {@value #RANKS_PER_CPU} ranks a CPU; past that a rank's heartbeat to the rendezvous is starved and healthy
 *     ranks are declared dead.</li>
 * </ul>
 */
public record NodeCapacity(long availableMemoryBytes, long freeTasks, int cpus) {
    public static final int RANK_MEMORY_MIB = 256;
    public static final int RANK_THREADS = 64;
    public static final int RANKS_PER_CPU = 16;

    /** This node as /proc and the cgroup file system describe it now; what cannot be read does not limit. */
    public static NodeCapacity ofThisNode() {
        long memory = Math.min(meminfoAvailable().orElse(Long.MAX_VALUE), CgroupLimits.memoryLeft().orElse(Long.MAX_VALUE));
        long tasks = Math.min(kernelTasksLeft().orElse(Long.MAX_VALUE), CgroupLimits.tasksLeft().orElse(Long.MAX_VALUE));
        return new NodeCapacity(memory, tasks, Runtime.getRuntime().availableProcessors());
    }

    public long byMemory() {
        return availableMemoryBytes / (RANK_MEMORY_MIB * 1024L * 1024);
    }

    public long byTasks() {
        return freeTasks / RANK_THREADS;
    }

    public long byCpus() {
        return (long) cpus * RANKS_PER_CPU;
    }

    public long maxRanks() {
        return Math.max(1, Math.min(byMemory(), Math.min(byTasks(), byCpus())));
    }

    /** Null when {@code ranks} fit, else why not, with each limit and what it rests on. */
    public String refusal(int ranks) {
        if (ranks <= maxRanks()) {
            return null;
        }
        String memory = unlimited(availableMemoryBytes) ? "memory not limited" : String.format(Locale.ROOT,
                "%d by memory (%.1f GiB available, %d MiB a rank)", byMemory(), availableMemoryBytes / (double) (1L << 30), RANK_MEMORY_MIB);
        String tasks = unlimited(freeTasks) ? "tasks not limited"
                : byTasks() + " by tasks (" + freeTasks + " threads left, " + RANK_THREADS + " a rank)";
        return ranks + " ranks do not fit on this node, which can hold " + maxRanks() + ": " + memory + ", " + byCpus()
                + " by CPUs (" + cpus + (cpus == 1 ? " CPU, " : " CPUs, ") + RANKS_PER_CPU + " ranks a CPU), " + tasks
                + "; use fewer ranks, or mpirun/slurm to spread them over nodes";
    }

    private static boolean unlimited(long value) {
        return value == Long.MAX_VALUE;
    }

    private static OptionalLong meminfoAvailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // no /proc: memory does not limit
        }
        return OptionalLong.empty();
    }

    /** threads-max less the threads that exist now (the total in /proc/loadavg's fourth field). */
    private static OptionalLong kernelTasksLeft() {
        try {
            long max = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/threads-max")).strip());
            String[] load = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            long now = Long.parseLong(load[3].substring(load[3].indexOf('/') + 1));
            // a sandboxed kernel (gVisor) may report a threads-max below the threads that exist: no usable limit then
            return max > now ? OptionalLong.of(max - now) : OptionalLong.empty();
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
