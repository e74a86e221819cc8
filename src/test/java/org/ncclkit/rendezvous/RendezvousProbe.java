package org.ncclkit.rendezvous;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One rank of a multi-process rendezvous test, as a real process: {@code HOST:PORT TOKEN RANK WORLD_SIZE}.
 * Rank 0 serves the store (port 0: it prints {@code port N} once listening). Every rank does a broadcast, a barrier
 * and a gather, prints {@code ready}, then obeys stdin: {@code barrier} (prints {@code barrier done}) or
 * {@code exit}. A failure prints one line {@code ncclkit: error: ...} on stderr and exits 3.
 */
public final class RendezvousProbe {
    static final int ABORTED = 3;
    static final int WRONG = 7;
    private static final Object EXIT_LOCK = new Object();
    private static volatile RendezvousServer server;

    private RendezvousProbe() {
    }

    public static void main(String[] args) throws IOException {
        RendezvousAddress address = RendezvousAddress.parse(args[0]);
        String token = args[1];
        int rank = Integer.parseInt(args[2]);
        int worldSize = Integer.parseInt(args[3]);
        RendezvousTimeouts timeouts = new RendezvousTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(1), Duration.ofSeconds(6));
        long pid = ProcessHandle.current().pid();
        String host = "probe-host-" + rank;

        try {
            if (rank == 0) {
                server = RendezvousServer.start(address.port(), worldSize, token, timeouts);
                address = new RendezvousAddress(address.host(), server.port());
                System.out.println("port " + server.port());
                System.out.flush();
            }
            RendezvousClient client = RendezvousClient.connect(address, token, rank, worldSize, host, pid, timeouts,
                    failure -> die(ABORTED, failure.describe()));

            byte[] id = client.broadcast(0, rank == 0 ? uniqueId() : null);
            if (!Arrays.equals(id, uniqueId())) {
                die(WRONG, "rank " + rank + " received the wrong unique id");
            }
            client.barrier();
            List<byte[]> lines = client.gather(0, (rank + " " + host + " " + pid).getBytes(StandardCharsets.UTF_8));
            if (rank == 0) {
                for (int r = 0; r < worldSize; r++) {
                    String line = new String(lines.get(r), StandardCharsets.UTF_8);
                    if (!line.startsWith(r + " probe-host-" + r + " ")) {
                        die(WRONG, "gather: rank " + r + "'s line is '" + line + "'");
                    }
                }
            }
            System.out.println("ready");
            System.out.flush();

            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command = commands.readLine(); command != null && !command.equals("exit");
                    command = commands.readLine()) {
                if (command.equals("barrier")) {
                    client.barrier();
                    System.out.println("barrier done");
                    System.out.flush();
                }
            }
            client.close();
            if (server != null) {
                server.close();
            }
        } catch (RendezvousException e) {
            die(ABORTED, e.getMessage());
        }
        System.exit(0);
    }

    /** The 128 bytes rank 0 broadcasts, standing in for an ncclUniqueId. */
    static byte[] uniqueId() {
        byte[] id = new byte[128];
        for (int i = 0; i < id.length; i++) {
            id[i] = (byte) (i * 7 + 1);
        }
        return id;
    }

    /**
     * One error line, then out: the main thread and the abort callback may both get here. Rank 0 first closes its
     * server, which lets the ABORT reach every rank before this process (and the server with it) is gone.
     */
    private static void die(int status, String message) {
        synchronized (EXIT_LOCK) {
            System.err.println("ncclkit: error: " + message);
            System.err.flush();
            if (server != null) {
                server.close();
            }
            Runtime.getRuntime().halt(status);
        }
    }
}
