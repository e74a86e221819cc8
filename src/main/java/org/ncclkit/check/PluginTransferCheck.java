package org.ncclkit.check;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import org.ncclkit.ffi.NetPlugin;
import org.ncclkit.rendezvous.RendezvousClient;

/**
 * The NET-plugin transfer test of aws-ofi-nccl's {@code nccl_message_transfer}, between rank 0 and a peer rank of a
 * run: rank 0 listens and hands its 128-byte handle to the peer through the rendezvous, the peer connects, rank 0
 * accepts; then for every message size the peer posts {@code requests} sends at once, rank 0 as many receives, both
 * poll {@code test} until every request is done, and rank 0 compares every received byte with the pattern sent. The
 * other ranks of the run stand by: they take part in the rendezvous calls (the handle, each round's verdict) only.
 */
public final class PluginTransferCheck {
    /** What to run: the plugin device, the memory kinds, requests in flight per size, the sizes, and the limit for each step. */
    public record Settings(int device, List<MemoryKind> memory, int requests, List<MessageSize> sizes, Duration timeout) {
    }

    private static final int TAG = 1;

    private final NetPlugin plugin;
    private final RendezvousClient client;
    private final PrintWriter out;
    private final Settings settings;
    private final int rank;
    private final int peer;
    private int messages;
    private long bytesValidated;
    private boolean passed;

    /** The check as rank 0 or as {@code peer}; every other rank calls {@link #standBy} instead. */
    public PluginTransferCheck(NetPlugin plugin, RendezvousClient client, int peer, PrintWriter out, Settings settings) {
        this.plugin = plugin;
        this.client = client;
        this.out = out;
        this.settings = settings;
        this.rank = client.rank();
        this.peer = peer;
    }

    /** Rank 0's partner: the first rank on another node (the nodes in rank order), else rank 1 when all share one. */
    public static int peerOf(List<String> nodes) {
        for (int rank = 1; rank < nodes.size(); rank++) {
            if (!nodes.get(rank).equals(nodes.getFirst())) {
                return rank;
            }
        }
        return 1;
    }

    /**
     * A rank of the run that neither listens nor sends: it takes part in the same rendezvous calls as the two that do
     * and returns their verdict.
     */
    public static boolean standBy(RendezvousClient client, List<MemoryKind> memory, List<MessageSize> sizes) {
        client.broadcast(0, null); // rank 0's handle
        return everyRound(memory, sizes, size -> { }, (kind, size) -> client.broadcast(0, null)[0] == 1);
    }

    /** What {@link #run} found, for the verdict line: messages and bytes validated, in which memory. */
    public String outcome() {
        return (passed ? "" : "wrong data after ") + messages + " messages, " + bytesValidated + " bytes validated ("
                + MemoryKind.describe(settings.memory()) + ")";
    }

    /** Runs the check on this rank; true when every byte arrived as sent (the same answer on both ranks). */
    public boolean run() {
        int dev = settings.device();
        NetPlugin.Listener listener = null;
        NetPlugin.Connection connection = null;
        try {
            if (rank == 0) {
                listener = plugin.listen(dev);
                say("Server: Listening on dev %d", dev);
                client.broadcast(0, listener.handle());
                NetPlugin.Listener l = listener;
                say("Server: Start accepting requests");
                connection = poll(() -> plugin.accept(l), "accepting the connection from rank " + peer + " on dev " + dev);
                say("Successfully accepted connection from rank %d", peer);
            } else {
                byte[] handle = client.broadcast(0, null);
                say("Send connection request to rank 0");
                connection = poll(() -> plugin.connect(dev, handle), "connecting to rank 0 on dev " + dev);
                say("Connected to rank 0 on dev %d", dev);
            }
            passed = allRounds(connection);
            if (rank == 0) {
                out.println("# check plugin " + (passed ? "passed: " : "FAILED: ") + outcome());
                out.flush();
            }
            return passed;
        } finally {
            closeQuietly(connection, listener);
        }
    }

    /** Every memory kind and size in turn; stops at the first round rank 0 finds wrong. */
    private boolean allRounds(NetPlugin.Connection connection) {
        return everyRound(settings.memory(), settings.sizes(), size -> {
            if (rank == 0) {
                say("Skipping %s: a send larger than its receive is not something NCCL posts", size);
            }
        }, (kind, size) -> {
            boolean ok = rank == 0 ? receiveRound(connection, size, kind) : sendRound(connection, size, kind);
            return client.broadcast(0, rank == 0 ? new byte[] {(byte) (ok ? 1 : 0)} : null)[0] == 1;
        });
    }

    /**
     * The rounds of the check, the same on every rank: each memory kind, each size whose send fits its receive (the
     * others are told to {@code skipped}, once per size). Stops at the first round that returns false.
     */
    private static boolean everyRound(List<MemoryKind> memory, List<MessageSize> sizes, Consumer<MessageSize> skipped,
                                      BiPredicate<MemoryKind, MessageSize> round) {
        for (MemoryKind kind : memory) {
            for (MessageSize size : sizes) {
                if (size.send() > size.receive()) {
                    if (kind == memory.getFirst()) {
                        skipped.accept(size);
                    }
                } else if (!round.test(kind, size)) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean receiveRound(NetPlugin.Connection connection, MessageSize size, MemoryKind kind) {
        int n = settings.requests();
        List<TransferBuffer> buffers = new ArrayList<>();
        List<NetPlugin.Registration> registrations = new ArrayList<>();
        try {
            int length = Math.toIntExact(size.receive());
            List<NetPlugin.Request> requests = postAll(connection, kind, size.receive(), buffers, registrations,
                    i -> TransferPattern.poison(messages + i, length),
                    (buffer, registration) -> plugin.receive(connection, buffer.memory(), size.receive(), TAG, registration),
                    "receive", size);
            say("Posted %d receive buffers of %s in %s", n, MessageSize.human(size.receive()), kind);
            long[] received = complete(requests, "receives of " + size + " from rank " + peer);
            say("Got completions for %d requests for rank %d", n, peer);
            if (kind.flushesReceives()) {
                flushAll(connection, buffers, registrations, received, size);
            }
            for (int i = 0; i < n; i++) {
                int message = messages + i;
                if (received[i] != size.send()) {
                    say("Data validation failed: message %d of %d (%s) reports %d bytes received, expected %d (%s)",
                            i + 1, n, size, received[i], size.send(), kind);
                    return false;
                }
                byte[] bytes = buffers.get(i).read(Math.toIntExact(size.send()));
                int wrong = TransferPattern.firstDifference(message, bytes);
                if (wrong >= 0) {
                    say("Data validation failed: message %d of %d (%s), byte %d: received 0x%02x, expected 0x%02x (%s)",
                            i + 1, n, size, wrong, bytes[wrong] & 0xff, TransferPattern.byteAt(message, wrong) & 0xff, kind);
                    return false;
                }
                bytesValidated += bytes.length;
            }
            messages += n;
            say("All %d messages of %s validated in %s", n, size, kind);
            return true;
        } finally {
            release(connection, buffers, registrations);
        }
    }

    private boolean sendRound(NetPlugin.Connection connection, MessageSize size, MemoryKind kind) {
        int n = settings.requests();
        List<TransferBuffer> buffers = new ArrayList<>();
        List<NetPlugin.Registration> registrations = new ArrayList<>();
        try {
            int length = Math.toIntExact(size.send());
            List<NetPlugin.Request> requests = postAll(connection, kind, size.send(), buffers, registrations,
                    i -> TransferPattern.bytes(messages + i, length),
                    (buffer, registration) -> plugin.send(connection, buffer.memory(), size.send(), TAG, registration),
                    "send", size);
            say("Sent %d requests of %s to rank 0 from %s", n, MessageSize.human(size.send()), kind);
            complete(requests, "sends of " + size + " to rank 0");
            say("Got completions for %d requests for rank 0", n);
            messages += n;
            return true;
        } finally {
            release(connection, buffers, registrations);
        }
    }

    /** How a buffer is posted: a send or a receive of the plugin; null while the plugin cannot take it yet. */
    private interface Post {
        NetPlugin.Request post(TransferBuffer buffer, NetPlugin.Registration registration);
    }

    /**
     * Allocates {@code settings.requests()} buffers of {@code bytes} in memory of {@code kind}, writes each one's
     * {@code content}, registers it and posts it, retrying a post until the plugin takes it; buffers and
     * registrations are kept for the caller to release.
     */
    private List<NetPlugin.Request> postAll(NetPlugin.Connection connection, MemoryKind kind, long bytes,
                                            List<TransferBuffer> buffers, List<NetPlugin.Registration> registrations,
                                            IntFunction<byte[]> content, Post post, String what, MessageSize size) {
        List<NetPlugin.Request> requests = new ArrayList<>();
        for (int i = 0; i < settings.requests(); i++) {
            TransferBuffer buffer = kind.allocate(bytes);
            buffers.add(buffer);
            buffer.write(content.apply(i));
            NetPlugin.Registration registration = plugin.register(connection, buffer.memory());
            registrations.add(registration);
            requests.add(poll(() -> post.post(buffer, registration), "posting " + what + " " + i + " of " + size + " in " + kind));
        }
        return requests;
    }

    /** iflush on every received buffer, then polls the flushes the plugin did not finish at once. */
    private void flushAll(NetPlugin.Connection connection, List<TransferBuffer> buffers,
                          List<NetPlugin.Registration> registrations, long[] received, MessageSize size) {
        List<NetPlugin.Request> flushes = new ArrayList<>();
        for (int i = 0; i < buffers.size(); i++) {
            NetPlugin.Request flush = plugin.flush(connection, buffers.get(i).memory(), received[i], registrations.get(i));
            if (flush != null) {
                flushes.add(flush);
            }
        }
        complete(flushes, "flushes of " + size + " receives");
        say("Flushed %d receive buffers (%d flush requests polled)", buffers.size(), flushes.size());
    }

    /** Polls {@code test} over all requests until each is done; returns the sizes they report. */
    private long[] complete(List<NetPlugin.Request> requests, String what) {
        long[] sizes = new long[requests.size()];
        boolean[] done = new boolean[requests.size()];
        int pending = requests.size();
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (pending > 0) {
            for (int i = 0; i < requests.size(); i++) {
                if (!done[i]) {
                    long bytes = plugin.test(requests.get(i));
                    if (bytes >= 0) {
                        done[i] = true;
                        sizes[i] = bytes;
                        pending--;
                    }
                }
            }
            if (pending > 0 && System.nanoTime() > deadline) {
                throw new CheckTimeoutException(String.format("%d of %d %s still not complete after %s (the plugin's "
                        + "test never reported them done)", pending, requests.size(), what, seconds(settings.timeout())));
            }
        }
        return sizes;
    }

    private <T> T poll(Supplier<T> attempt, String what) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        for (long tries = 0; ; tries++) {
            T result = attempt.get();
            if (result != null) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new CheckTimeoutException(what + " did not succeed within " + seconds(settings.timeout()));
            }
            if (tries > 1000) {
                sleepBriefly();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckTimeoutException("interrupted");
        }
    }

    private void release(NetPlugin.Connection connection, List<TransferBuffer> buffers,
                         List<NetPlugin.Registration> registrations) {
        for (NetPlugin.Registration registration : registrations) {
            try {
                plugin.deregister(connection, registration);
            } catch (RuntimeException e) {
                say("deregMr failed: %s", e.getMessage());
            }
        }
        buffers.forEach(TransferBuffer::close);
    }

    private void closeQuietly(NetPlugin.Connection connection, NetPlugin.Listener listener) {
        try {
            if (connection != null) {
                if (rank == 0) {
                    plugin.closeReceive(connection);
                } else {
                    plugin.closeSend(connection);
                }
            }
            if (listener != null) {
                plugin.closeListen(listener);
            }
            plugin.finish();
        } catch (RuntimeException e) {
            say("closing failed: %s", e.getMessage());
        }
    }

    private void say(String format, Object... args) {
        out.println("Rank " + rank + ": " + String.format(format, args));
        out.flush();
    }
}
