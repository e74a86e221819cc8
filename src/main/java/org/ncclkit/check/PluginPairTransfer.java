package org.ncclkit.check;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;

import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.rendezvous.RendezvousClient;

/**
 * The NET plugin between the two ranks of a pair, both directions at once, as one round of {@code validate}'s
 * plugin step: each rank listens, the handles go round in one all-gather (every rank of the run takes part, paired
 * or not), each connects to its peer and accepts its peer; then {@code iterations} times both post {@code inFlight}
 * sends and as many receives of {@code bytes} in host memory and poll them all to completion, timing their own
 * receives; then {@code latencyExchanges} exchanges of 8 bytes. The last received messages are compared byte for byte
 * with the pattern the peer sent. Every wait is bounded by {@code timeout}; a failure is the pair's result, not the run's.
 */
public final class PluginPairTransfer {
    /** The plugin device, message size, messages in flight each way, timed repetitions, small exchanges, and the limit. */
    public record Settings(int device, long bytes, int inFlight, int iterations, int latencyExchanges, Duration timeout) {
        public Settings {
            if (bytes < 8 || bytes > Integer.MAX_VALUE || inFlight < 1 || iterations < 1 || latencyExchanges < 1) {
                throw new IllegalArgumentException("plugin pair test: bytes 8..2^31-1, at least one message, repetition "
                        + "and small exchange");
            }
        }
    }

    private static final int TAG = 7;
    private static final long SMALL_BYTES = PeerMeasurement.LATENCY_BYTES;

    private final NetPlugin plugin;
    private final RendezvousClient client;
    private final Settings settings;

    public PluginPairTransfer(NetPlugin plugin, RendezvousClient client, Settings settings) {
        this.plugin = plugin;
        this.client = client;
        this.settings = settings;
    }

    /** This rank's side of the round: with {@code peer}, or standing by in the handle exchange when empty. */
    public PeerSide exchange(OptionalInt peer) {
        int rank = client.rank();
        NetPlugin.Listener listener = null;
        String listenError = null;
        if (peer.isPresent()) {
            try {
                listener = plugin.listen(settings.device());
            } catch (RuntimeException e) {
                listenError = "listen on dev " + settings.device() + ": " + e.getMessage();
            }
        }
        List<byte[]> handles = client.allGather(listener == null ? new byte[0] : listener.handle());
        if (peer.isEmpty()) {
            return PeerSide.idle(rank);
        }
        int p = peer.getAsInt();
        if (listenError != null) {
            return new PeerSide(rank, p, 0, 0, 0, listenError);
        }
        if (handles.get(p).length == 0) {
            closeListen(listener);
            return new PeerSide(rank, p, 0, 0, 0, "rank " + p + " could not listen");
        }
        try (Pair pair = new Pair(listener, handles.get(p), p)) {
            return pair.measure();
        } catch (RuntimeException e) {
            return new PeerSide(rank, p, 0, 0, 0, e.getMessage());
        }
    }

    private void closeListen(NetPlugin.Listener listener) {
        try {
            plugin.closeListen(listener);
        } catch (RuntimeException ignored) {
            // the listener is gone either way; the pair's result already says what failed
        }
    }

    /** A buffer registered on one connection. */
    private record Registered(TransferBuffer buffer, NetPlugin.Connection connection, NetPlugin.Registration registration) {
    }

    /** The two connections of one pair and their buffers, released together. */
    private final class Pair implements AutoCloseable {
        private final NetPlugin.Listener listener;
        private final int peer;
        private final List<Registered> registered = new ArrayList<>();
        private NetPlugin.Connection send;
        private NetPlugin.Connection receive;

        Pair(NetPlugin.Listener listener, byte[] peerHandle, int peer) {
            this.listener = listener;
            this.peer = peer;
            long deadline = deadline();
            while (send == null || receive == null) {
                if (send == null) {
                    send = plugin.connect(settings.device(), peerHandle);
                }
                if (receive == null) {
                    receive = plugin.accept(listener);
                }
                waitedTooLong(deadline, () -> (send == null ? "connecting to" : "accepting") + " rank " + peer
                        + " on dev " + settings.device());
            }
        }

        PeerSide measure() {
            int length = Math.toIntExact(settings.bytes());
            byte[] pattern = TransferPattern.bytes(client.rank(), length);
            List<Registered> sends = new ArrayList<>();
            List<Registered> receives = new ArrayList<>();
            for (int i = 0; i < settings.inFlight(); i++) {
                sends.add(register(length, pattern, send));
                receives.add(register(length, TransferPattern.poison(peer, length), receive));
            }
            List<Registered> smallSend = List.of(register(SMALL_BYTES, TransferPattern.bytes(client.rank(), (int) SMALL_BYTES), send));
            List<Registered> smallReceive = List.of(register(SMALL_BYTES, new byte[(int) SMALL_BYTES], receive));
            exchange(sends, receives, settings.bytes()); // warm-up: connections and registrations in use
            double receiveSeconds = 0;
            for (int i = 0; i < settings.iterations(); i++) {
                receiveSeconds += exchange(sends, receives, settings.bytes());
            }
            long wrong = receives.stream().filter(r -> TransferPattern.firstDifference(peer, r.buffer().read(length)) >= 0).count();
            long start = System.nanoTime();
            for (int i = 0; i < settings.latencyExchanges(); i++) {
                exchange(smallSend, smallReceive, SMALL_BYTES);
            }
            double latencyMicros = (System.nanoTime() - start) / 1e3 / settings.latencyExchanges();
            double receivedBytes = (double) settings.bytes() * settings.inFlight() * settings.iterations();
            return new PeerSide(client.rank(), peer, receivedBytes / 1e9 / receiveSeconds, latencyMicros, wrong, null);
        }

        private Registered register(long bytes, byte[] content, NetPlugin.Connection connection) {
            TransferBuffer buffer = MemoryKind.HOST.allocate(bytes);
            try {
                buffer.write(content);
                Registered r = new Registered(buffer, connection, plugin.register(connection, buffer.memory()));
                registered.add(r);
                return r;
            } catch (RuntimeException e) {
                buffer.close();
                throw e;
            }
        }

        /** Posts every receive and send, polls them all done; the seconds until the last receive completed. */
        private double exchange(List<Registered> sends, List<Registered> receives, long bytes) {
            long start = System.nanoTime();
            long deadline = deadline();
            List<NetPlugin.Request> receiving = new ArrayList<>();
            List<NetPlugin.Request> sending = new ArrayList<>();
            for (Registered r : receives) {
                receiving.add(post(() -> plugin.receive(receive, r.buffer().memory(), bytes, TAG, r.registration()), deadline, "receive"));
            }
            for (Registered r : sends) {
                sending.add(post(() -> plugin.send(send, r.buffer().memory(), bytes, TAG, r.registration()), deadline, "send"));
            }
            long receivedAt = start;
            while (!receiving.isEmpty() || !sending.isEmpty()) {
                boolean received = receiving.removeIf(request -> plugin.test(request) >= 0);
                if (received) {
                    receivedAt = System.nanoTime();
                }
                if (!sending.removeIf(request -> plugin.test(request) >= 0) && !received) {
                    Thread.yield(); // nothing moved: let the peer's process have the core, on a host with few
                }
                waitedTooLong(deadline, () -> receiving.size() + " receives and " + sending.size() + " sends of " + bytes
                        + " bytes with rank " + peer + " still not complete");
            }
            return (receivedAt - start) / 1e9;
        }

        private NetPlugin.Request post(Supplier<NetPlugin.Request> attempt, long deadline, String what) {
            while (true) {
                NetPlugin.Request request = attempt.get();
                if (request != null) {
                    return request;
                }
                waitedTooLong(deadline, () -> "posting a " + what + " to rank " + peer);
            }
        }

        @Override
        public void close() {
            try {
                for (Registered r : registered) {
                    plugin.deregister(r.connection(), r.registration());
                    r.buffer().close();
                }
                if (send != null) {
                    plugin.closeSend(send);
                }
                if (receive != null) {
                    plugin.closeReceive(receive);
                }
            } finally {
                closeListen(listener);
            }
        }
    }

    private long deadline() {
        return System.nanoTime() + settings.timeout().toNanos();
    }

    private void waitedTooLong(long deadline, Supplier<String> what) {
        if (System.nanoTime() - deadline > 0) {
            throw new CheckTimeoutException(what.get() + " after " + settings.timeout().toSeconds() + " s");
        }
    }
}
