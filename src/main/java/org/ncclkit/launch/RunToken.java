package org.ncclkit.launch;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A run's secret: 128 random bits as 32 hex digits, which every rank presents to rank 0's rendezvous store. */
public final class RunToken {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunToken() {
    }

    public static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
