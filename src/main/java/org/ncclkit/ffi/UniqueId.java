package org.ncclkit.ffi;

import java.util.Arrays;
import java.util.HexFormat;

/** The 128 bytes of an {@code ncclUniqueId}, copied so that they can travel between processes. */
public record UniqueId(byte[] bytes) {
    public static final int SIZE = 128;

    public UniqueId {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("an ncclUniqueId has " + SIZE + " bytes, not " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UniqueId other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "UniqueId[" + HexFormat.of().formatHex(bytes, 0, 8) + "...]";
    }
}
