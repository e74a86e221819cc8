package org.ncclkit.cluster;

import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Permission sets as the octal numbers chmod takes. */
final class Modes {
    private Modes() {
    }

    static String octal(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal()); // OWNER_READ is the first constant and the highest bit
        }
        return Integer.toOctalString(mode);
    }
}
