package org.ncclkit.ffi;

import java.nio.file.Path;

/** Where a native library was found, and the rule that chose it (shown by {@code ncclkit info}). */
public record LibraryLocation(Path path, String reason) {
}
