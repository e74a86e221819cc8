package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RankFailure's line, the timeouts' defaults and rules, and the wire frames read back as written. */
class RendezvousValuesTest {

    @Test
    void onlyAnExplicitAbortCountsAsReportedByTheFailedRankItself() {
        assertThat(RankFailure.aborted(2, "node-b", 7, "NCCL error").selfReported()).isTrue();
        assertThat(RankFailure.aborted(2, "node-b", 7, "NCCL error").describe()).isEqualTo("rank 2 (host node-b, pid 7) aborted: NCCL error");
        assertThat(new RankFailure(2, "node-b", 7, "died: connection lost").selfReported()).isFalse();
    }

    @Test
    void aRankFailureDescribesTheRankItsHostAndPid() {
        assertThat(new RankFailure(2, "node-b", 4711, "died: connection lost").describe())
                .isEqualTo("rank 2 (host node-b, pid 4711) died: connection lost");
    }

    @Test
    void aRunFailureIsJustItsReason() {
        RankFailure failure = RankFailure.ofRun("operation #12 (barrier) timed out after 600 s waiting for ranks 3, 7");

        assertThat(failure.rank()).isEqualTo(-1);
        assertThat(failure.describe()).isEqualTo("operation #12 (barrier) timed out after 600 s waiting for ranks 3, 7");
        assertThat(new RendezvousAbortedException(failure)).hasMessage(failure.describe());
    }

    @Test
    void defaultTimeoutsAreAMinuteToConnectTenMinutesPerOperationAndSixSecondsOfSilence() {
        assertThat(RendezvousTimeouts.defaults()).isEqualTo(new RendezvousTimeouts(Duration.ofSeconds(60),
                Duration.ofMinutes(10), Duration.ofSeconds(1), Duration.ofSeconds(6)));
    }

    @Test
    void aDeadPeerTimeShorterThanTwoHeartbeatsIsRejected() {
        assertThatThrownBy(() -> new RendezvousTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofMillis(1500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rendezvous dead-peer timeout 1.5 s must be at least twice the heartbeat"
                        + " interval 1 s");
        assertThatThrownBy(() -> new RendezvousTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(6))).hasMessageContaining("connect timeout must be at least 1 ms");
    }

    @Test
    void durationsInMessagesReadNaturally() {
        assertThat(Wire.describe(Duration.ofMinutes(10))).isEqualTo("600 s");
        assertThat(Wire.describe(Duration.ofMillis(1500))).isEqualTo("1.5 s");
        assertThat(Wire.describe(Duration.ofMillis(300))).isEqualTo("300 ms");
    }

    @Test
    void framesReadBackAsWritten() throws IOException {
        DataInputStream in = stream(Wire.hello("tok", 3, 8, "node-c", 99), Wire.result(7, List.of(new byte[] {1, 2},
                new byte[0])), Wire.abort(new RankFailure(5, "node-f", 12, "died: connection lost")),
                Wire.HEARTBEAT_FRAME);

        Wire.Frame hello = Wire.read(in, Wire.MAX_HANDSHAKE_FRAME);
        assertThat(hello.type()).isEqualTo(Wire.HELLO);
        assertThat(Wire.readInt(hello.body())).isEqualTo(Wire.MAGIC);
        assertThat(Wire.readInt(hello.body())).isEqualTo(Wire.VERSION);
        assertThat(Wire.readString(hello.body())).isEqualTo("tok");
        assertThat(Wire.readInt(hello.body())).isEqualTo(3);
        assertThat(Wire.readInt(hello.body())).isEqualTo(8);
        assertThat(Wire.readString(hello.body())).isEqualTo("node-c");
        assertThat(Wire.readLong(hello.body())).isEqualTo(99);
        assertThat(hello.body().hasRemaining()).isFalse();

        Wire.Frame result = Wire.read(in, Wire.MAX_FRAME);
        assertThat(Wire.readLong(result.body())).isEqualTo(7);
        assertThat(Wire.readResultEntries(result.body())).containsExactly(new byte[] {1, 2}, new byte[0]);

        Wire.Frame abort = Wire.read(in, Wire.MAX_FRAME);
        assertThat(Wire.readAbort(abort.body())).isEqualTo(new RankFailure(5, "node-f", 12, "died: connection lost"));

        assertThat(Wire.read(in, Wire.MAX_FRAME).type()).isEqualTo(Wire.HEARTBEAT);
        assertThatThrownBy(() -> Wire.read(in, Wire.MAX_FRAME)).isInstanceOf(EOFException.class);
    }

    @Test
    void anOversizedOrTruncatedFrameIsAProtocolError() {
        assertThatThrownBy(() -> Wire.read(stream("HTTP/1.1 400".getBytes()), Wire.MAX_HANDSHAKE_FRAME))
                .isInstanceOf(Wire.ProtocolException.class).hasMessageStartingWith("frame of 1213486160 bytes");
        byte[] shortResult = {0, 0, 0, 9, Wire.RESULT, 0, 0, 0, 0, 0, 0, 0, 1};
        assertThatThrownBy(() -> {
            Wire.Frame frame = Wire.read(stream(shortResult), Wire.MAX_FRAME);
            Wire.readLong(frame.body());
            Wire.readResultEntries(frame.body());
        }).isInstanceOf(Wire.ProtocolException.class);
    }

    private static DataInputStream stream(byte[]... frames) {
        int length = 0;
        for (byte[] frame : frames) {
            length += frame.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] frame : frames) {
            System.arraycopy(frame, 0, all, at, frame.length);
            at += frame.length;
        }
        return new DataInputStream(new ByteArrayInputStream(all));
    }
}
