package org.ncclkit.check;

/** The bytes message {@code m} carries: differ by position and message, so that a lost or swapped message shows. */
final class TransferPattern {
    private TransferPattern() {
    }

    static byte byteAt(int message, long index) {
        return (byte) (index * 7 + message * 13 + 1 + (index >>> 8));
    }

    static byte[] bytes(int message, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = byteAt(message, i);
        }
        return bytes;
    }

    /** What a receive buffer holds before message {@code m} arrives: no byte equals the one expected there. */
    static byte[] poison(int message, int length) {
        byte[] bytes = bytes(message, length);
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        return bytes;
    }

    /** The first index where {@code received} differs from message {@code m}'s pattern, or -1. */
    static int firstDifference(int message, byte[] received) {
        for (int i = 0; i < received.length; i++) {
            if (received[i] != byteAt(message, i)) {
                return i;
            }
        }
        return -1;
    }
}
