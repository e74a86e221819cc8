package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The C library's calls that Java has no API for: its own environment, which native libraries read with {@code getenv}
 * (Java's {@link System#getenv()} is a copy taken at start and cannot be changed), how ncclkit sets NCCL's variables
 * for this process; and Linux's parent-death signal, how a rank ends with the launcher that started it.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SETENV = function("setenv", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle GETENV = function("getenv", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle PRCTL = LINKER.defaultLookup().find("prctl").map(address -> LINKER.downcallHandle(
            address, FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), Linker.Option.firstVariadicArg(1))).orElseThrow();
    private static final MethodHandle GETPPID = function("getppid", FunctionDescriptor.of(JAVA_INT));
    private static final int PR_SET_PDEATHSIG = 1;

    private Libc() {
    }

    /** {@code setenv(name, value, 1)}: native libraries that read the variable from now on see {@code value}. */
    public static void setenv(String name, String value) {
        try (Arena arena = Arena.ofConfined()) {
            int result = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 1);
            if (result != 0) {
                throw new NativeException("libc", "setenv(" + name + ")", result, "invalid name or out of memory");
            }
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("setenv", t);
        }
    }

    /** {@code getenv(name)}: the value native libraries see now, which {@link #setenv} may have changed. */
    public static Optional<String> getenv(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? Optional.empty() : Optional.of(NativeLibrary.string(value));
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("getenv", t);
        }
    }

    /**
     * {@code prctl(PR_SET_PDEATHSIG, signal)}: the kernel sends this process the signal when its parent ends, however
     * it ends (SIGKILL included). The parent is the thread that started this process, so it must outlive the child.
     */
    public static void setParentDeathSignal(int signal) {
        try {
            int result = (int) PRCTL.invokeExact(PR_SET_PDEATHSIG, (long) signal);
            if (result != 0) {
                throw new NativeException("libc", "prctl(PR_SET_PDEATHSIG, " + signal + ")", result, "refused");
            }
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("prctl", t);
        }
    }

    /** {@code getppid()}: the parent's PID now (1 or a subreaper once the parent has ended). */
    public static long parentPid() {
        try {
            return (int) GETPPID.invokeExact();
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("getppid", t);
        }
    }

    private static MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        return LINKER.defaultLookup().find(symbol).map(address -> LINKER.downcallHandle(address, descriptor))
                .orElseThrow(() -> new IllegalStateException("the C library does not export " + symbol));
    }
}
