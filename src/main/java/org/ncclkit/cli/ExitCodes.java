package org.ncclkit.cli;

/** Exit statuses, the same numbers as nccl-tests' {@code testResult_t} so that scripts can keep their checks. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    public static final int CUDA_ERROR = 2;
    public static final int NCCL_ERROR = 3;
    public static final int TIMEOUT = 4;
    /** No GPU, or not as many as asked for ({@code testNotImplemented} in nccl-tests). */
    public static final int NO_GPU = 5;
    public static final int USAGE = 6;
    /** Wrong data, or bus bandwidth below {@code NCCL_TESTS_MIN_BW}. */
    public static final int WRONG_RESULT = 7;
    /** Not in nccl-tests: another rank of a multi-process run failed (the message names it), so this one stopped. */
    public static final int PEER_FAILED = org.ncclkit.launch.RunMembership.PEER_FAILED_STATUS;

    private ExitCodes() {
    }
}
