package org.ncclkit.rendezvous;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The rendezvous wire format. Every frame is {@code u32 length} (of what follows), {@code u8 type}, then the body;
 * integers are big-endian, strings and byte strings are {@code u32 length} + bytes (strings in UTF-8).
 * <pre>
 * HELLO     c→s  u32 magic "NKRV", u32 version, str token, i32 rank, i32 worldSize, str host, i64 pid
 * WELCOME   s→c  str serverHost, i64 serverPid
 * REFUSED   s→c  str reason                                  (then the server closes)
 * OP        c→s  i64 seq, u8 operation, i32 root (-1 if none), bytes payload
 * RESULT    s→c  i64 seq, u32 count, count × bytes           (one encoding shared by every receiver)
 * HEARTBEAT s→c  (empty); c→s i64 progress                  (steps the rank has taken, for STALL's view)
 * FAIL      c→s  str reason                                  (this rank gives up; the server aborts the others)
 * ABORT     s→c  i32 rank, str host, i64 pid, str reason     (the run is over; then the server closes)
 * BYE       c→s  (empty)                                     (clean goodbye)
 * CLOSED    s→c  (empty)                                     (the server shuts down normally)
 * STALL     c→s  str step, i64 quietMillis                   (this rank made no progress: whom does the run wait for?)
 * VIEW      s→c  i32 reporter, str view                      (the answer to STALL: who reports it, the missing ranks)
 * </pre>
 */
final class Wire {
    static final int MAGIC = 0x4e4b5256;
    static final int VERSION = 2;

    static final byte HELLO = 1;
    static final byte WELCOME = 2;
    static final byte REFUSED = 3;
    static final byte OP = 4;
    static final byte RESULT = 5;
    static final byte HEARTBEAT = 6;
    static final byte FAIL = 7;
    static final byte ABORT = 8;
    static final byte BYE = 9;
    static final byte CLOSED = 10;
    static final byte STALL = 11;
    static final byte VIEW = 12;

    /** Largest frame before the hello is accepted: a stranger cannot make the server allocate much. */
    static final int MAX_HANDSHAKE_FRAME = 64 * 1024;
    /** Largest contribution one rank may send in one operation. */
    static final int MAX_PAYLOAD = 16 * 1024 * 1024;
    /** Largest frame at all (a gather or all-gather result). */
    static final int MAX_FRAME = 1 << 30;
    static final int MAX_CLIENT_FRAME = MAX_PAYLOAD + 64;

    static final byte[] HEARTBEAT_FRAME = empty(HEARTBEAT);
    static final byte[] BYE_FRAME = empty(BYE);
    static final byte[] CLOSED_FRAME = empty(CLOSED);

    private Wire() {
    }

    /** A received frame: its type and its body. */
    record Frame(byte type, ByteBuffer body) {
    }

    /** The peer sent something that is not this protocol. */
    static final class ProtocolException extends IOException {
        ProtocolException(String message) {
            super(message);
        }
    }

    /** Reads one frame; {@link EOFException} when the peer closed between frames. */
    static Frame read(DataInputStream in, int maxLength) throws IOException {
        int length = in.readInt();
        if (length < 1 || length > maxLength) {
            throw new ProtocolException("frame of " + Integer.toUnsignedString(length) + " bytes (limit " + maxLength
                    + ")");
        }
        byte type = in.readByte();
        byte[] body = new byte[length - 1];
        in.readFully(body);
        return new Frame(type, ByteBuffer.wrap(body));
    }

    static byte[] hello(String token, int rank, int worldSize, String host, long pid) {
        byte[] tokenBytes = utf8(token);
        byte[] hostBytes = utf8(host);
        return frame(HELLO, 4 + 4 + 4 + tokenBytes.length + 4 + 4 + 4 + hostBytes.length + 8)
                .putInt(MAGIC).putInt(VERSION).putInt(tokenBytes.length).put(tokenBytes)
                .putInt(rank).putInt(worldSize).putInt(hostBytes.length).put(hostBytes).putLong(pid).array();
    }

    static byte[] welcome(String serverHost, long serverPid) {
        byte[] hostBytes = utf8(serverHost);
        return frame(WELCOME, 4 + hostBytes.length + 8).putInt(hostBytes.length).put(hostBytes).putLong(serverPid)
                .array();
    }

    static byte[] refused(String reason) {
        return text(REFUSED, reason);
    }

    static byte[] fail(String reason) {
        return text(FAIL, reason);
    }

    static byte[] heartbeat(long progress) {
        return frame(HEARTBEAT, 8).putLong(progress).array();
    }

    static byte[] stall(String step, long quietMillis) {
        byte[] stepBytes = utf8(step);
        return frame(STALL, 4 + stepBytes.length + 8).putInt(stepBytes.length).put(stepBytes).putLong(quietMillis).array();
    }

    static byte[] view(int reporter, String view) {
        byte[] bytes = utf8(view);
        return frame(VIEW, 4 + 4 + bytes.length).putInt(reporter).putInt(bytes.length).put(bytes).array();
    }

    static byte[] op(long seq, Operation op, int root, byte[] payload) {
        return frame(OP, 8 + 1 + 4 + 4 + payload.length).putLong(seq).put(op.code).putInt(root)
                .putInt(payload.length).put(payload).array();
    }

    /** One RESULT frame; the same array goes to every receiver of the round. */
    static byte[] result(long seq, List<byte[]> entries) {
        long size = 8 + 4;
        for (byte[] entry : entries) {
            size += 4 + entry.length;
        }
        if (size + 5 > MAX_FRAME) {
            throw new IllegalArgumentException("a result of " + size + " bytes is over the rendezvous limit of "
                    + MAX_FRAME + " bytes");
        }
        ByteBuffer frame = frame(RESULT, (int) size).putLong(seq).putInt(entries.size());
        for (byte[] entry : entries) {
            frame.putInt(entry.length).put(entry);
        }
        return frame.array();
    }

    static byte[] abort(RankFailure failure) {
        byte[] hostBytes = utf8(failure.host());
        byte[] reasonBytes = utf8(failure.reason());
        return frame(ABORT, 4 + 4 + hostBytes.length + 8 + 4 + reasonBytes.length).putInt(failure.rank())
                .putInt(hostBytes.length).put(hostBytes).putLong(failure.pid())
                .putInt(reasonBytes.length).put(reasonBytes).array();
    }

    static RankFailure readAbort(ByteBuffer body) throws ProtocolException {
        return new RankFailure(readInt(body), readString(body), readLong(body), readString(body));
    }

    static List<byte[]> readResultEntries(ByteBuffer body) throws ProtocolException {
        int count = readInt(body);
        if (count < 0 || count > body.remaining() / 4) {
            throw new ProtocolException("result with " + count + " entries in " + body.remaining() + " bytes");
        }
        List<byte[]> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            entries.add(readBytes(body));
        }
        return entries;
    }

    static int readInt(ByteBuffer body) throws ProtocolException {
        try {
            return body.getInt();
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("frame too short");
        }
    }

    static long readLong(ByteBuffer body) throws ProtocolException {
        try {
            return body.getLong();
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("frame too short");
        }
    }

    static byte readByte(ByteBuffer body) throws ProtocolException {
        try {
            return body.get();
        } catch (BufferUnderflowException e) {
            throw new ProtocolException("frame too short");
        }
    }

    static byte[] readBytes(ByteBuffer body) throws ProtocolException {
        int length = readInt(body);
        if (length < 0 || length > body.remaining()) {
            throw new ProtocolException("a field of " + length + " bytes in a frame with " + body.remaining()
                    + " left");
        }
        byte[] bytes = new byte[length];
        body.get(bytes);
        return bytes;
    }

    static String readString(ByteBuffer body) throws ProtocolException {
        return new String(readBytes(body), StandardCharsets.UTF_8);
    }

    /** "600 s", "1.5 s", "200 ms": durations in messages. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static byte[] text(byte type, String text) {
        byte[] bytes = utf8(text);
        return frame(type, 4 + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    private static byte[] empty(byte type) {
        return frame(type, 0).array();
    }

    /** A buffer holding the frame header, ready for exactly {@code bodyLength} more bytes. */
    private static ByteBuffer frame(byte type, int bodyLength) {
        return ByteBuffer.allocate(4 + 1 + bodyLength).putInt(1 + bodyLength).put(type);
    }

    private static byte[] utf8(String text) {
        return (text == null ? "" : text).getBytes(StandardCharsets.UTF_8);
    }
}
