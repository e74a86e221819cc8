package org.ncclkit.ffi;

import java.util.List;

/** A native library could not be found or loaded; says where ncclkit looked and how to point it elsewhere. */
public final class LibraryNotFoundException extends RuntimeException {
    private final LibrarySpec spec;

    public LibraryNotFoundException(LibrarySpec spec, List<String> searched) {
        super(spec.fileNames().getFirst() + " not found (searched: " + String.join(", ", searched)
                + "); set " + spec.overrideVariable() + " to its path");
        this.spec = spec;
    }

    public LibraryNotFoundException(LibrarySpec spec, String path, String reason) {
        super((path.endsWith("/" + spec.fileNames().getFirst()) ? spec.fileNames().getFirst() + " at " + path : path)
                + " could not be loaded: " + reason);
        this.spec = spec;
    }

    public LibrarySpec spec() { return spec; }
}
