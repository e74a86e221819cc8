package org.ncclkit.logs;

/**
 * One step of NCCL's error return path, {@code init.cc:1234 -> 5} ({@code checks.h}; NCCL 2.30+ writes
 * {@code init.cc:1234 (function) -> 5}), or a WARN line.
 *
 * @param code the ncclResult_t NCCL returned, or -1 for a WARN line
 */
public record ErrorTrace(String location, int code, String message) {
    /** The name of an ncclResult_t ({@code nccl.h}). */
    public static String resultName(int code) {
        return switch (code) {
            case 1 -> "unhandled CUDA error";
            case 2 -> "system error";
            case 3 -> "internal error";
            case 4 -> "invalid argument";
            case 5 -> "invalid usage";
            case 6 -> "remote error";
            case 7 -> "in progress";
            default -> "error " + code;
        };
    }

    @Override
    public String toString() {
        return code < 0 ? location + " NCCL WARN " + message : location + " -> " + code + " (" + resultName(code) + ")";
    }
}
