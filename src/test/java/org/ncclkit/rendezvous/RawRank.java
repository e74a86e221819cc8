package org.ncclkit.rendezvous;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;

/** A hand-driven connection that sends a hello and then only what a test tells it to (or nothing at all). */
final class RawRank implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;

    RawRank(int port, String token, int rank, int worldSize, String host, long pid) throws IOException {
        socket = new Socket("localhost", port);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        socket.getOutputStream().write(Wire.hello(token, rank, worldSize, host, pid));
        socket.getOutputStream().flush();
    }

    Wire.Frame reply() throws IOException {
        socket.setSoTimeout(10_000);
        return Wire.read(in, Wire.MAX_FRAME);
    }

    String refusal() throws IOException {
        Wire.Frame frame = reply();
        if (frame.type() != Wire.REFUSED) {
            throw new AssertionError("expected REFUSED, got frame type " + frame.type());
        }
        return Wire.readString(frame.body());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
