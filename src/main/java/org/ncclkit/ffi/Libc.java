package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The C library's own environment, which native libraries read with {@code getenv} (Java's {@link System#getenv()}
 * is a copy taken at start and cannot be changed): how ncclkit sets NCCL's variables for this process.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle SETENV = function("setenv", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle GETENV = function("getenv", FunctionDescriptor.of(ADDRESS, ADDRESS));

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

    private static MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        return LINKER.defaultLookup().find(symbol).map(address -> LINKER.downcallHandle(address, descriptor))
                .orElseThrow(() -> new IllegalStateException("the C library does not export " + symbol));
    }
}
