package org.ncclkit.ffi;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The native libraries of this process, located once and loaded once. Call {@link #require} before touching a
 * binding class so that a missing library becomes a clear {@link LibraryNotFoundException}.
 */
public final class Libraries {
    private static final Map<LibrarySpec, NativeLibrary> LOADED = new ConcurrentHashMap<>();
    private static volatile LibraryLocator locator;

    private Libraries() {
    }

    /** Locates and loads the library, or throws saying where it looked. */
    public static LibraryLocation require(LibrarySpec spec) {
        return get(spec).location();
    }

    /** The library's location if it can be loaded. */
    public static Optional<LibraryLocation> find(LibrarySpec spec) {
        try {
            return Optional.of(require(spec));
        } catch (LibraryNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Whether this process has loaded the library already (and so may have called it). */
    public static boolean loaded(LibrarySpec spec) {
        return LOADED.containsKey(spec);
    }

    static NativeLibrary get(LibrarySpec spec) {
        NativeLibrary library = LOADED.get(spec);
        if (library == null) {
            synchronized (LOADED) {
                library = LOADED.get(spec);
                if (library == null) {
                    library = NativeLibrary.load(spec, locator().locate(spec));
                    LOADED.put(spec, library);
                }
            }
        }
        return library;
    }

    private static LibraryLocator locator() {
        if (locator == null) {
            locator = LibraryLocator.forThisMachine();
        }
        return locator;
    }
}
