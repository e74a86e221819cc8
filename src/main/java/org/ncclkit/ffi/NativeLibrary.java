package org.ncclkit.ffi;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/** One loaded native library: where it came from and downcall handles to its functions. */
final class NativeLibrary {
    private static final Linker LINKER = Linker.nativeLinker();

    private final LibrarySpec spec;
    private final LibraryLocation location;
    private final SymbolLookup symbols;

    private NativeLibrary(LibrarySpec spec, LibraryLocation location, SymbolLookup symbols) {
        this.spec = spec;
        this.location = location;
        this.symbols = symbols;
    }

    static NativeLibrary load(LibrarySpec spec, LibraryLocation location) {
        try {
            return new NativeLibrary(spec, location, SymbolLookup.libraryLookup(location.path(), Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new LibraryNotFoundException(spec, location.path().toString(), e.getMessage());
        }
    }

    LibraryLocation location() {
        return location;
    }

    MethodHandle function(String symbol, FunctionDescriptor descriptor) {
        return optionalFunction(symbol, descriptor).orElseThrow(() -> new LibraryNotFoundException(spec,
                location.path().toString(), "it does not export " + symbol + " (too old?)"));
    }

    Optional<MethodHandle> optionalFunction(String symbol, FunctionDescriptor descriptor) {
        return symbols.find(symbol).map(address -> LINKER.downcallHandle(address, descriptor));
    }

    /** Reads a NUL-terminated string a library returned (static storage owned by the library). */
    static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /** Turns a failure of {@code invokeExact} itself (never a native error code) into an unchecked exception. */
    static RuntimeException invocationFailure(String call, Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("calling " + call + " failed", t);
    }
}
