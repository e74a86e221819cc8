package org.ncclkit.logs;

import java.io.BufferedInputStream;
import java.io.IOException;

/**
 * Tells a text log from binary input by its first bytes, without consuming them: {@code /dev/zero}, a core dump or
 * a compressed file would otherwise be read to its end (or forever) for nothing.
 */
public final class TextSniff {
    /** How much of the start is looked at. */
    public static final int BYTES = 64 * 1024;
    /** Share of binary bytes (NUL and control characters other than tab, newline, carriage return, escape) past which input is not text. */
    private static final double BINARY_SHARE = 0.02;

    private TextSniff() {
    }

    /** Null when the input starts as text, else what was found; the stream is reset to where it was. */
    public static String binaryStart(BufferedInputStream in) throws IOException {
        in.mark(BYTES);
        byte[] start = in.readNBytes(BYTES);
        in.reset();
        int binary = 0;
        for (byte b : start) {
            if (b >= 0 && b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != 0x1b && b != '\f') {
                binary++;
            }
        }
        if (start.length == 0 || binary <= start.length * BINARY_SHARE) {
            return null;
        }
        return binary + " of its first " + start.length + " bytes are NUL or control characters";
    }
}
