package org.ncclkit.ras;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP server on loopback that speaks NCCL RAS's client protocol as {@code src/ras/client_support.cc} does and answers
 * {@code STATUS} with a reply recorded from NCCL's documentation (a protocol fixture, not an imitation of NCCL's
 * logic): {@code SERVER PROTOCOL 2}, {@code OK} to {@code TIMEOUT}, {@code OK} to {@code SET FORMAT json} only when it
 * plays NCCL 2.28.7 or later, else {@code ERROR: Unknown command}; the status, then it hangs up.
 */
final class RecordedRasService implements AutoCloseable {
    private final ServerSocket listener;
    private final String textAnswer;
    private final String jsonAnswer;
    private final boolean silent;
    final List<String> commands = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private RecordedRasService(String textAnswer, String jsonAnswer, boolean silent) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.textAnswer = textAnswer;
        this.jsonAnswer = jsonAnswer;
        this.silent = silent;
        this.thread = Thread.ofVirtual().start(this::serve);
    }

    /** NCCL 2.24 to 2.28.6: text only. */
    static RecordedRasService text(String resource) throws IOException {
        return new RecordedRasService(read(resource), null, false);
    }

    /** NCCL 2.28.7 on: JSON when asked for it. */
    static RecordedRasService json(String resource) throws IOException {
        return new RecordedRasService(null, read(resource), false);
    }

    /** A process that accepts connections and never answers: SIGSTOPped, as one of a node's listeners may be. */
    static RecordedRasService stopped() throws IOException {
        return new RecordedRasService(null, null, true);
    }

    RasAddress address() {
        return new RasAddress("127.0.0.1", listener.getLocalPort());
    }

    private void serve() {
        while (!listener.isClosed()) {
            try (Socket socket = listener.accept()) {
                if (silent) {
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the client gives up
                    continue;
                }
                converse(socket);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void converse(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = socket.getOutputStream();
        boolean json = false;
        for (String command; (command = in.readLine()) != null; ) {
            commands.add(command);
            String lower = command.toLowerCase();
            if (lower.startsWith("client protocol ")) {
                write(out, "SERVER PROTOCOL 2\n");
            } else if (lower.startsWith("timeout ")) {
                write(out, "OK\n");
            } else if (lower.equals("set format json") && jsonAnswer != null) {
                json = true;
                write(out, "OK\n");
            } else if (lower.equals("status") || lower.equals("verbose status")) {
                write(out, json ? jsonAnswer : textAnswer);
                return; // NCCL closes the connection once the status is out
            } else {
                write(out, "ERROR: Unknown command " + command + "\n");
            }
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String read(String resource) {
        try (InputStream in = RecordedRasService.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        thread.interrupt();
    }
}
