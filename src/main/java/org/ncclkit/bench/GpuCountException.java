package org.ncclkit.bench;

/** More GPUs were asked for than this node has (nccl-tests' "Invalid number of GPUs"); exits 5. */
public final class GpuCountException extends RuntimeException {
    public GpuCountException(int requested, int found) {
        super("Invalid number of GPUs: " + requested + " requested but only " + found
                + " were found. Please check the number of processes and GPUs per process.");
    }
}
