package org.ncclkit.rendezvous;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Sends ready-encoded frames on one socket from its own virtual thread, so that a caller (a round's fan-out, the
 * heartbeat timer) never blocks on a slow peer. Frames queued together go out with one flush.
 */
final class FrameWriter {
    /** Marks the end: flush, then half-close (FIN) so that the peer reads everything before it sees end of stream. */
    private static final byte[] FINISH = new byte[0];

    private final Socket socket;
    private final OutputStream out;
    private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean finishing;

    FrameWriter(Socket socket, String name) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.thread = Thread.ofVirtual().name(name).start(this::run);
    }

    /** Queues a frame; frames queued after {@link #finish()} are dropped. */
    void send(byte[] frame) {
        if (!finishing) {
            queue.add(frame);
        }
    }

    /** Sends what is queued, then half-closes the socket; the reader closes it when the peer has closed too. */
    void finish() {
        if (!finishing) {
            finishing = true;
            queue.add(FINISH);
        }
    }

    /** Gives up on anything still queued (the socket is being closed). */
    void stop() {
        finishing = true;
        thread.interrupt();
    }

    private void run() {
        try {
            while (true) {
                byte[] frame = queue.take();
                while (frame != null) {
                    if (frame == FINISH) {
                        out.flush();
                        socket.shutdownOutput();
                        return;
                    }
                    out.write(frame);
                    frame = queue.poll();
                }
                out.flush();
            }
        } catch (InterruptedException e) {
            // stop(): the connection is going away
        } catch (IOException e) {
            // The peer is gone; closing makes this connection's reader notice at once.
            closeQuietly(socket);
        }
    }

    static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do about it
        }
    }
}
