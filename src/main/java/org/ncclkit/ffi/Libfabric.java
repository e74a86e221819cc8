package org.ncclkit.ffi;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

/** libfabric ({@code libfabric.so.1}), the layer under AWS EFA: only its version, to show what a node has. */
public final class Libfabric {
    private static final NativeLibrary LIB = Libraries.get(LibrarySpec.LIBFABRIC);
    private static final MethodHandle VERSION = LIB.function("fi_version", FunctionDescriptor.of(JAVA_INT));

    private Libfabric() {
    }

    public static LibraryLocation location() {
        return LIB.location();
    }

    /** The version as "major.minor" ({@code fi_version()} packs them as major &lt;&lt; 16 | minor). */
    public static String version() {
        try {
            int packed = (int) VERSION.invokeExact();
            return (packed >>> 16) + "." + (packed & 0xffff);
        } catch (Throwable t) {
            throw NativeLibrary.invocationFailure("fi_version", t);
        }
    }
}
