package org.ncclkit.bench;

import java.util.List;

import org.ncclkit.collective.Collective;
import org.ncclkit.collective.DataType;
import org.ncclkit.collective.RedOp;

/**
 * A validated {@code ncclkit perf} run: nccl-tests' options with their meanings (see {@code reference/nccl-tests.md}).
 * {@code stepFactor} > 1 wins over {@code stepBytes}; {@code root} -1 means every root in turn.
 */
public record PerfConfig(
        Collective collective,
        int threads,
        int gpusPerThread,
        long minBytes,
        long maxBytes,
        long stepBytes,
        long stepFactor,
        int iterations,
        int warmupIterations,
        int aggregatedIterations,
        int runCycles,
        int checkIterations,
        List<RedOp> ops,
        List<DataType> types,
        int root,
        int blocking,
        int timeoutSeconds,
        boolean cudaGraph,
        int cudaGraphLaunches,
        boolean reportCpuTime,
        boolean reportTimestamps,
        int average,
        boolean memoryReport,
        int unalignElements,
        boolean perIterationTiming,
        int perIterationSkip,
        String jsonFile,
        boolean jsonStrict,
        String csvFile,
        CommunicatorSetup setup) {

    /** A run with nccl-tests' default communicator set-up (no {@code -R}, {@code -x}, {@code -p}, {@code -y}). */
    public PerfConfig(Collective collective, int threads, int gpusPerThread, long minBytes, long maxBytes,
                      long stepBytes, long stepFactor, int iterations, int warmupIterations, int aggregatedIterations,
                      int runCycles, int checkIterations, List<RedOp> ops, List<DataType> types, int root, int blocking,
                      int timeoutSeconds, boolean cudaGraph, int cudaGraphLaunches, boolean reportCpuTime,
                      boolean reportTimestamps, int average, boolean memoryReport, int unalignElements,
                      boolean perIterationTiming, int perIterationSkip, String jsonFile, boolean jsonStrict,
                      String csvFile) {
        this(collective, threads, gpusPerThread, minBytes, maxBytes, stepBytes, stepFactor, iterations,
                warmupIterations, aggregatedIterations, runCycles, checkIterations, ops, types, root, blocking,
                timeoutSeconds, cudaGraph, cudaGraphLaunches, reportCpuTime, reportTimestamps, average, memoryReport,
                unalignElements, perIterationTiming, perIterationSkip, jsonFile, jsonStrict, csvFile,
                CommunicatorSetup.DEFAULT);
    }

    /** The sizes of one sweep: min to max, multiplied by the factor or stepped by bytes. */
    public List<Long> sizes() {
        java.util.ArrayList<Long> sizes = new java.util.ArrayList<>();
        for (long size = minBytes; size <= maxBytes; ) {
            sizes.add(size);
            long next = stepFactor > 1 ? size * stepFactor : size + stepBytes;
            if (next <= size) {
                break; // a zero step, or overflow
            }
            size = next;
        }
        return sizes;
    }

    /** The same run over other data types (fp8 is dropped from {@code -d all} on GPUs older than SM 9.0). */
    public PerfConfig withTypes(List<DataType> newTypes) {
        return new PerfConfig(collective, threads, gpusPerThread, minBytes, maxBytes, stepBytes, stepFactor, iterations,
                warmupIterations, aggregatedIterations, runCycles, checkIterations, ops, newTypes, root, blocking,
                timeoutSeconds, cudaGraph, cudaGraphLaunches, reportCpuTime, reportTimestamps, average, memoryReport,
                unalignElements, perIterationTiming, perIterationSkip, jsonFile, jsonStrict, csvFile, setup);
    }

    /** The same run over other sizes (the largest lowered to fit GPU memory, or the requested ones for reports). */
    public PerfConfig withSizeRange(long newMinBytes, long newMaxBytes) {
        return new PerfConfig(collective, threads, gpusPerThread, newMinBytes, newMaxBytes,
                stepBytes, stepFactor, iterations, warmupIterations, aggregatedIterations, runCycles, checkIterations,
                ops, types, root, blocking, timeoutSeconds, cudaGraph, cudaGraphLaunches, reportCpuTime,
                reportTimestamps, average, memoryReport, unalignElements, perIterationTiming, perIterationSkip,
                jsonFile, jsonStrict, csvFile, setup);
    }

    /** The same run with another communicator set-up (after the NCCL version's fallbacks). */
    public PerfConfig withSetup(CommunicatorSetup newSetup) {
        return new PerfConfig(collective, threads, gpusPerThread, minBytes, maxBytes, stepBytes, stepFactor,
                iterations, warmupIterations, aggregatedIterations, runCycles, checkIterations, ops, types, root,
                blocking, timeoutSeconds, cudaGraph, cudaGraphLaunches, reportCpuTime, reportTimestamps, average,
                memoryReport, unalignElements, perIterationTiming, perIterationSkip, jsonFile, jsonStrict, csvFile,
                newSetup);
    }

    /** Ranks driven by this process: threads × GPUs per thread. */
    public int localRanks() {
        return threads * gpusPerThread;
    }
}
