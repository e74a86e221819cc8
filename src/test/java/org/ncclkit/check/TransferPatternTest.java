package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransferPatternTest {
    @Test
    void aPoisonedReceiveBufferDiffersFromTheExpectedMessageInEveryByte() {
        byte[] poison = TransferPattern.poison(3, 70000);

        for (int i = 0; i < poison.length; i++) {
            assertThat(poison[i]).as("byte %d", i).isNotEqualTo(TransferPattern.byteAt(3, i));
        }
        assertThat(TransferPattern.firstDifference(3, poison)).isZero();
        assertThat(TransferPattern.firstDifference(3, TransferPattern.bytes(3, 70000))).isEqualTo(-1);
    }
}
