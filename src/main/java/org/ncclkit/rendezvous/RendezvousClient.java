package org.ncclkit.rendezvous;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One rank's connection to its run's rendezvous store: collective operations matched across ranks by their order
 * (every rank makes the same calls in the same sequence, as with MPI), and the news when another rank fails.
 * One operation at a time per client; {@link #abort} and {@link #close} may be called from any thread.
 */
public final class RendezvousClient implements AutoCloseable {
    /** How long {@link #close()} and {@link #abort} wait for the server to acknowledge by hanging up. */
    private static final long CLOSE_GRACE_MILLIS = 2000;
    private static final long MAX_RETRY_PAUSE_MILLIS = 500;
    private static final byte[] NOTHING = new byte[0];

    private final RendezvousAddress address;
    private final int rank;
    private final int worldSize;
    private final String host;
    private final long pid;
    private final RendezvousTimeouts timeouts;
    private final Consumer<RankFailure> onAbort;
    private final Socket socket;
    private final DataInputStream in;
    private final FrameWriter writer;
    private final String serverHost;
    private final long serverPid;
    private final AtomicReference<RankFailure> failure = new AtomicReference<>();
    private final ScheduledFuture<?> heartbeat;
    private final Thread reader;
    /** close() or abort() has begun: the hang-up that follows is expected, and later failures are not news. */
    private volatile boolean closing;
    /** The server said it shut down normally. */
    private volatile boolean serverClosed;
    private volatile Pending pending;
    /** The answer to {@link #stallView} this client waits for, or null. */
    private volatile CompletableFuture<StallView> pendingView;
    /** How many steps this rank has taken; the heartbeats carry it to the server. */
    private volatile long progress;
    private long lastSeq;

    /** The operation this client waits for. */
    private record Pending(long seq, String what, CompletableFuture<List<byte[]>> result) {
    }

    private RendezvousClient(RendezvousAddress address, int rank, int worldSize, String host, long pid,
            RendezvousTimeouts timeouts, Consumer<RankFailure> onAbort, Socket socket, DataInputStream in,
            String serverHost, long serverPid) throws IOException {
        this.address = address;
        this.rank = rank;
        this.worldSize = worldSize;
        this.host = host;
        this.pid = pid;
        this.timeouts = timeouts;
        this.onAbort = onAbort;
        this.socket = socket;
        this.in = in;
        this.serverHost = serverHost;
        this.serverPid = serverPid;
        this.writer = new FrameWriter(socket, "rendezvous-client-writer-" + rank);
        long beat = timeouts.heartbeat().toMillis();
        this.heartbeat = Timer.SHARED.scheduleAtFixedRate(() -> writer.send(Wire.heartbeat(progress)), beat, beat,
                TimeUnit.MILLISECONDS);
        this.reader = Thread.ofVirtual().name("rendezvous-client-reader-" + rank).start(this::read);
    }

    /**
     * Connects to the rendezvous at {@code address}, retrying until {@code timeouts.connect()} (rank 0 may start
     * later), and introduces this rank with the run's token.
     *
     * @param onAbort called at most once, from a background thread, when another rank fails or the server is lost;
     *                may be null
     * @throws RendezvousException        when the server cannot be reached in time (the message names the address) or
     *                                    refuses this rank (the message says why)
     * @throws RendezvousAbortedException when the run was aborted before this rank arrived
     */
    public static RendezvousClient connect(RendezvousAddress address, String token, int rank, int worldSize,
            String host, long pid, RendezvousTimeouts timeouts, Consumer<RankFailure> onAbort) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeouts, "timeouts");
        if (worldSize < 1 || rank < 0 || rank >= worldSize) {
            throw new IllegalArgumentException("rank " + rank + " is outside 0-" + (worldSize - 1) + " (world size "
                    + worldSize + ")");
        }
        byte[] hello = Wire.hello(token, rank, worldSize, host, pid);
        long deadline = System.nanoTime() + timeouts.connect().toNanos();
        IOException last = null;
        long pause = 10;
        for (long left = millisLeft(deadline); left > 0; left = millisLeft(deadline)) {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(address.host(), address.port()), (int) Math.min(left, 10_000));
            } catch (IOException e) {
                FrameWriter.closeQuietly(socket);
                last = e;
                sleep(Math.min(pause, millisLeft(deadline)));
                pause = Math.min(pause * 2, MAX_RETRY_PAUSE_MILLIS);
                continue;
            }
            return handshake(socket, hello, address, rank, worldSize, host, pid, timeouts, onAbort, deadline);
        }
        throw new RendezvousException("rank " + rank + " (host " + host + ") could not reach the rendezvous at " + address
                + " within " + Wire.describe(timeouts.connect()) + " (" + describe(last) + "); is rank 0 running, and is "
                + address + " its address?");
    }

    private static RendezvousClient handshake(Socket socket, byte[] hello, RendezvousAddress address, int rank,
            int worldSize, String host, long pid, RendezvousTimeouts timeouts, Consumer<RankFailure> onAbort,
            long deadline) {
        boolean admitted = false;
        try {
            // Once connected, never retry: the server may have admitted this rank, and a second try would be refused.
            long wait = Math.max(millisLeft(deadline), timeouts.deadPeer().toMillis());
            socket.setSoTimeout((int) Math.min(wait, Integer.MAX_VALUE));
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            OutputStream out = socket.getOutputStream();
            out.write(hello);
            out.flush();
            Wire.Frame reply = Wire.read(in, Wire.MAX_HANDSHAKE_FRAME);
            switch (reply.type()) {
                case Wire.WELCOME -> {
                    String serverHost = Wire.readString(reply.body());
                    long serverPid = Wire.readLong(reply.body());
                    socket.setSoTimeout(Math.toIntExact(timeouts.deadPeer().toMillis()));
                    RendezvousClient client = new RendezvousClient(address, rank, worldSize, host, pid, timeouts,
                            onAbort, socket, in, serverHost, serverPid);
                    admitted = true;
                    return client;
                }
                case Wire.REFUSED -> throw new RendezvousException("refused by the rendezvous at " + address + ": "
                        + Wire.readString(reply.body()));
                case Wire.ABORT -> throw new RendezvousAbortedException(Wire.readAbort(reply.body()));
                default -> throw new Wire.ProtocolException("unexpected frame type " + reply.type());
            }
        } catch (SocketTimeoutException e) {
            throw new RendezvousException("the rendezvous at " + address + " accepted the connection but did not"
                    + " answer rank " + rank + "'s hello; is that port an ncclkit rendezvous?");
        } catch (Wire.ProtocolException e) {
            throw new RendezvousException("the service at " + address + " does not speak the ncclkit rendezvous"
                    + " protocol (" + e.getMessage() + "); is that port an ncclkit rendezvous?");
        } catch (IOException e) {
            throw new RendezvousException("lost the rendezvous at " + address + " while rank " + rank
                    + " was introducing itself: " + describe(e));
        } finally {
            if (!admitted) {
                FrameWriter.closeQuietly(socket);
            }
        }
    }

    public int rank() {
        return rank;
    }

    public int worldSize() {
        return worldSize;
    }

    /** Every rank gets {@code root}'s data; {@code data} is ignored (may be null) except on the root. */
    public byte[] broadcast(int root, byte[] data) {
        requireRoot(root);
        byte[] payload = rank == root ? Objects.requireNonNull(data, "the broadcast root's data") : NOTHING;
        return exchange(Operation.BROADCAST, root, payload).getFirst();
    }

    /** Returns when every rank has called it. */
    public void barrier() {
        exchange(Operation.BARRIER, -1, NOTHING);
    }

    /** The root gets every rank's data in rank order; the others get an empty list (once the root has it). */
    public List<byte[]> gather(int root, byte[] data) {
        requireRoot(root);
        List<byte[]> all = exchange(Operation.GATHER, root, Objects.requireNonNull(data, "data"));
        return rank == root ? all : List.of();
    }

    /** Every rank gets every rank's data, in rank order. */
    public List<byte[]> allGather(byte[] data) {
        return exchange(Operation.ALL_GATHER, -1, Objects.requireNonNull(data, "data"));
    }

    /** Every rank gets the ranks' values combined by {@code op} (in rank order, so every rank sees the same bits). */
    public double allReduce(double value, Reduction op) {
        byte[] payload = ByteBuffer.allocate(Double.BYTES).putDouble(value).array();
        byte[] result = exchange(Operation.allReduce(Objects.requireNonNull(op, "op")), -1, payload).getFirst();
        return ByteBuffer.wrap(result).getDouble();
    }

    /**
     * How many steps of its work this rank has taken (every rank takes the same steps); sent with the next heartbeat,
     * so that the server can name the ranks that are behind in a {@link #stallView}.
     */
    public void reportProgress(long steps) {
        progress = steps;
    }

    /**
     * Asks the server which ranks the run waits for, because this rank made no progress for {@code quiet} during
     * {@code step}: the ranks missing from the operation under way, or silent (stopped, hung), and which rank reports
     * it. Outside the sequence of collective operations, so it may be called from any thread while another waits in one.
     * Waits at most {@code wait}; without an answer this rank is the reporter and the text says why there is no view.
     */
    public StallView stallView(String step, Duration quiet, Duration wait) {
        RankFailure f = failure.get();
        if (f != null) {
            return new StallView(-1, "the run is already stopping: " + f.describe());
        }
        CompletableFuture<StallView> answer = new CompletableFuture<>();
        pendingView = answer;
        try {
            writer.send(Wire.stall(step, quiet.toMillis()));
            return answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new StallView(rank, "the rendezvous server at " + address + " (rank 0, host " + serverHost + ", pid "
                    + serverPid + ") did not answer within " + Wire.describe(wait) + " (stopped or hung?)");
        } catch (ExecutionException e) {
            return new StallView(rank, String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new StallView(rank, "interrupted while asking the rendezvous server which ranks are missing");
        } finally {
            pendingView = null;
        }
    }

    /**
     * This rank fails: the others are aborted with a {@link RankFailure} naming this rank and {@code reason}, then
     * the connection closes. Later operations here throw {@link RendezvousAbortedException}.
     */
    public void abort(String reason) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip().replaceAll("\\s+", " ");
        closing = true;
        RankFailure cause = RankFailure.aborted(rank, host, pid, why);
        if (claim(cause)) {
            if (!serverClosed) {
                writer.send(Wire.fail(why));
                awaitServerHangUp();
            }
            // Only now: the operation this rank waits in ends with the failure, and its thread goes on to close the
            // connection (or, on rank 0, the server). Woken before the server had read the FAIL, that close raced it,
            // and on a loaded host the others heard "connection lost" or "closed the server" instead of this reason.
            wake(cause, false);
        }
        shutDown();
    }

    /** Says goodbye: the server does not count this rank's hang-up as a failure. Other ranks' later failures are
     *  not reported here any more. */
    @Override
    public void close() {
        if (closing) {
            shutDown();
            return;
        }
        closing = true;
        heartbeat.cancel(false);
        if (failure.get() == null && !serverClosed) {
            writer.send(Wire.BYE_FRAME);
            awaitServerHangUp();
        }
        Pending p = pending;
        if (p != null) {
            p.result.completeExceptionally(new RendezvousException("rank " + rank
                    + "'s rendezvous client was closed during " + p.what));
        }
        shutDown();
    }

    private synchronized List<byte[]> exchange(Operation op, int root, byte[] payload) {
        if (payload.length > Wire.MAX_PAYLOAD) {
            throw new IllegalArgumentException(op.name + " of " + payload.length + " bytes is over the rendezvous"
                    + " limit of " + Wire.MAX_PAYLOAD + " bytes per rank");
        }
        long seq = lastSeq + 1;
        String what = "operation #" + seq + " (" + op.describe(root) + ")";
        requireUsable(what);
        lastSeq = seq;
        Pending p = new Pending(seq, what, new CompletableFuture<>());
        pending = p;
        Duration limit = timeouts.operation().plus(timeouts.deadPeer().multipliedBy(2));
        try {
            requireUsable(what); // an abort or shutdown that came while this operation was being set up
            writer.send(Wire.op(seq, op, root, payload));
            return Collections.unmodifiableList(p.result.get(limit.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (TimeoutException e) {
            // The server enforces the operation timeout itself; getting here means it is stuck or unreachable.
            fail(new RankFailure(0, serverHost, serverPid, "went silent: the rendezvous server at " + address
                    + " (rank 0's host) did not complete " + what + " within " + Wire.describe(limit)), true);
            shutDown();
            throw new RendezvousAbortedException(failure.get());
        } catch (InterruptedException e) {
            // The rounds are out of step now: this rank cannot go on. Tell the others first (the flag is clear,
            // so the goodbye can be waited for), then keep the interrupt for the caller.
            abort("interrupted during " + what);
            Thread.currentThread().interrupt();
            throw new RendezvousAbortedException(failure.get());
        } finally {
            pending = null;
        }
    }

    private void requireUsable(String what) {
        RankFailure f = failure.get();
        if (f != null) {
            throw new RendezvousAbortedException(f);
        }
        if (serverClosed) {
            throw new RendezvousException("the rendezvous server at " + address + " has shut down (rank 0 finished);"
                    + " " + what + " cannot run");
        }
        if (closing) {
            throw new RendezvousException("rank " + rank + "'s rendezvous client is closed; " + what
                    + " cannot run");
        }
    }

    private void requireRoot(int root) {
        if (root < 0 || root >= worldSize) {
            throw new IllegalArgumentException("root " + root + " is outside 0-" + (worldSize - 1));
        }
    }

    /** The background reader: results, heartbeats, and the news of an abort or shutdown. */
    private void read() {
        String lost = null;
        try {
            while (true) {
                Wire.Frame frame = Wire.read(in, Wire.MAX_FRAME);
                switch (frame.type()) {
                    case Wire.HEARTBEAT -> {
                    }
                    case Wire.RESULT -> onResult(frame.body());
                    case Wire.VIEW -> onView(new StallView(Wire.readInt(frame.body()), Wire.readString(frame.body())));
                    // Keep reading: the server hangs up right after an ABORT or CLOSED.
                    case Wire.ABORT -> fail(Wire.readAbort(frame.body()), true);
                    case Wire.CLOSED -> onServerClosed();
                    default -> throw new Wire.ProtocolException("unexpected frame type " + frame.type());
                }
            }
        } catch (SocketTimeoutException e) {
            lost = "went silent: nothing heard from the rendezvous server at " + address + " (rank 0's host) for "
                    + Wire.describe(timeouts.deadPeer());
        } catch (Wire.ProtocolException e) {
            lost = "broke the rendezvous protocol: " + e.getMessage();
        } catch (IOException e) {
            lost = "died: lost the rendezvous server at " + address + " (rank 0's host): connection lost";
        }
        if (!closing && !serverClosed) {
            fail(new RankFailure(0, serverHost, serverPid, lost), true);
        }
        heartbeat.cancel(false);
        writer.stop();
        FrameWriter.closeQuietly(socket);
    }

    private void onResult(ByteBuffer body) throws Wire.ProtocolException {
        long seq = Wire.readLong(body);
        List<byte[]> entries = Wire.readResultEntries(body);
        Pending p = pending;
        if (p == null || p.seq != seq) {
            throw new Wire.ProtocolException("a result for operation #" + seq + " while "
                    + (p == null ? "no operation was pending" : "waiting for " + p.what));
        }
        p.result.complete(entries);
    }

    private void onView(StallView view) {
        CompletableFuture<StallView> answer = pendingView;
        if (answer != null) {
            answer.complete(view);
        }
    }

    private void onServerClosed() {
        serverClosed = true;
        heartbeat.cancel(false);
        writer.finish();
        Pending p = pending;
        if (p != null) {
            p.result.completeExceptionally(new RendezvousException("the rendezvous server at " + address
                    + " shut down (rank 0 finished) before " + p.what + " completed"));
        }
    }

    /** Records the first failure; fails the pending operation; tells onAbort unless this rank is on its way out. */
    private boolean fail(RankFailure cause, boolean notify) {
        if (!claim(cause)) {
            return false;
        }
        wake(cause, notify);
        return true;
    }

    /** Records the first failure (later operations here throw it) and stops the heartbeats; false if one came first. */
    private boolean claim(RankFailure cause) {
        if (!failure.compareAndSet(null, cause)) {
            return false;
        }
        heartbeat.cancel(false);
        return true;
    }

    /** Fails the pending operation and stall question with the failure; tells onAbort unless this rank is on its way out. */
    private void wake(RankFailure cause, boolean notify) {
        Pending p = pending;
        if (p != null) {
            p.result.completeExceptionally(new RendezvousAbortedException(cause));
        }
        CompletableFuture<StallView> view = pendingView;
        if (view != null) {
            view.complete(new StallView(-1, "the run is already stopping: " + cause.describe()));
        }
        if (notify && !closing && onAbort != null) {
            Thread.ofVirtual().name("rendezvous-on-abort-" + rank).start(() -> onAbort.accept(cause));
        }
    }

    /**
     * After a BYE or FAIL the server hangs up first; this end closes once it has read that, so the TIME_WAIT state
     * stays with the server's port rather than holding one of this host's ephemeral ports for a minute.
     */
    private void awaitServerHangUp() {
        if (Thread.currentThread() == reader) {
            return;
        }
        try {
            reader.join(Duration.ofMillis(CLOSE_GRACE_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void shutDown() {
        heartbeat.cancel(false);
        writer.stop();
        FrameWriter.closeQuietly(socket);
    }

    private static RuntimeException rethrow(Throwable cause) {
        if (cause instanceof RendezvousAbortedException aborted) {
            return new RendezvousAbortedException(aborted.failure());
        }
        if (cause instanceof RendezvousException e) {
            return new RendezvousException(e.getMessage(), e);
        }
        return new RendezvousException(String.valueOf(cause), cause);
    }

    private static long millisLeft(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RendezvousException("interrupted while connecting to the rendezvous");
        }
    }

    private static String describe(IOException e) {
        if (e == null) {
            return "no attempt was made";
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + e.getMessage();
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SocketTimeoutException) {
            return "connect timed out";
        }
        return String.valueOf(e.getMessage());
    }
}
