package org.ncclkit.gpu;

/** A GPU was asked for and this node has none usable; exits 5 like nccl-tests' "no GPU" ({@code testNotImplemented}). */
public final class NoGpuException extends RuntimeException {
    public NoGpuException(String message) {
        super(message);
    }
}
