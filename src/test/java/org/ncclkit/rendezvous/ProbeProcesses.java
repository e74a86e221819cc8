package org.ncclkit.rendezvous;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A run of {@link RendezvousProbe} JVMs on this host: rank 0 first (it picks the port), then the others. */
final class ProbeProcesses implements AutoCloseable {
    private static final String EOF = "\u0000EOF";

    final List<Rank> ranks = new ArrayList<>();
    final int port;

    /** One probe process with its stdout lines queued and its stderr collected. */
    static final class Rank {
        final int rank;
        final Process process;
        final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        final StringBuffer err = new StringBuffer();

        Rank(int rank, Process process) {
            this.rank = rank;
            this.process = process;
            Thread.ofVirtual().start(() -> pump(process.getInputStream(), line -> out.add(line), () -> out.add(EOF)));
            Thread.ofVirtual().start(() -> pump(process.getErrorStream(), line -> err.append(line).append('\n'),
                    () -> { }));
        }

        String awaitLine(Duration timeout) throws InterruptedException {
            String line = out.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null || line.equals(EOF)) {
                fail("rank " + rank + " printed no line in " + timeout + " (got " + line + "); stderr: " + err
                        + "; alive: " + process.isAlive());
            }
            return line;
        }

        void send(String command) throws IOException {
            OutputStream in = process.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        String stderr() {
            return err.toString();
        }

        private static void pump(InputStream stream, java.util.function.Consumer<String> sink, Runnable atEnd) {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                // the process is gone
            } finally {
                atEnd.run();
            }
        }
    }

    ProbeProcesses(int worldSize, String token) throws IOException, InterruptedException {
        try {
            Rank zero = new Rank(0, start("localhost:0", token, 0, worldSize));
            ranks.add(zero);
            String portLine = zero.awaitLine(Duration.ofSeconds(20));
            assertThat(portLine).startsWith("port ");
            port = Integer.parseInt(portLine.substring("port ".length()));
            for (int rank = 1; rank < worldSize; rank++) {
                ranks.add(new Rank(rank, start("localhost:" + port, token, rank, worldSize)));
            }
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    Rank rank(int rank) {
        return ranks.get(rank);
    }

    void awaitAllReady() throws InterruptedException {
        for (Rank r : ranks) {
            assertThat(r.awaitLine(Duration.ofSeconds(30))).as("rank %d", r.rank).isEqualTo("ready");
        }
    }

    private static Process start(String address, String token, int rank, int worldSize) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Small, quick-starting JVMs: eight of them share this machine's cores with the test.
        return new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), RendezvousProbe.class.getName(),
                address, token, Integer.toString(rank), Integer.toString(worldSize))
                .start();
    }

    @Override
    public void close() {
        for (Rank r : ranks) {
            r.process.destroyForcibly();
        }
        for (Rank r : ranks) {
            try {
                r.process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
