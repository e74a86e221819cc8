package org.ncclkit.rendezvous;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.ncclkit.info.Hostname;

/**
 * The rendezvous store that rank 0 serves for one run: admits the ranks that present the run's token, completes a
 * collective round once every rank has called it, and when a rank fails, tells every other rank who and why.
 * A reader per connection runs on a virtual thread; replies go out through each connection's {@link FrameWriter}.
 */
public final class RendezvousServer implements AutoCloseable {
    /** How long {@link #close()} lets the clients read the CLOSED or ABORT frame and hang up before cutting them off. */
    private static final long CLOSE_GRACE_MILLIS = 2000;
    /** Missing ranks named in a timeout message before "and N more". */
    private static final int RANKS_NAMED = 16;
    /** Hosts of missing ranks named before "and N more". */
    private static final int HOSTS_NAMED = 8;

    private final ServerSocket listener;
    private final int worldSize;
    private final byte[] token;
    private final RendezvousTimeouts timeouts;
    private final String host = Hostname.get();
    private final long pid = ProcessHandle.current().pid();
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final ScheduledFuture<?> heartbeats;
    private final Thread acceptor;
    private final JoinWatch join;
    private final long startNanos = System.nanoTime();
    private final ScheduledFuture<?> joinProgress;
    private final ScheduledFuture<?> joinDeadline;

    // Guarded by this.
    private final Connection[] ranks;
    private final BitSet left = new BitSet();
    private final BitSet joined = new BitSet();
    private Round round;
    private long nextSeq = 1;
    private RankFailure failure;
    private boolean closed;
    private int stallReporter = -1;

    private RendezvousServer(ServerSocket listener, int worldSize, String token, RendezvousTimeouts timeouts,
                             JoinWatch join) {
        this.listener = listener;
        this.worldSize = worldSize;
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.timeouts = timeouts;
        this.join = join;
        this.ranks = new Connection[worldSize];
        long beat = timeouts.heartbeat().toMillis();
        this.heartbeats = Timer.SHARED.scheduleAtFixedRate(this::sendHeartbeats, beat, beat, TimeUnit.MILLISECONDS);
        long every = Math.max(1, join.every().toMillis());
        this.joinProgress = Timer.SHARED.scheduleAtFixedRate(this::reportJoin, every, every, TimeUnit.MILLISECONDS);
        this.joinDeadline = Timer.SHARED.schedule(this::onJoinDeadline, timeouts.connect().toMillis(), TimeUnit.MILLISECONDS);
        this.acceptor = Thread.ofVirtual().name("rendezvous-accept-" + listener.getLocalPort()).start(this::accept);
    }

    /**
     * Listens on {@code port} (0: any free port) on all interfaces for a run of {@code worldSize} ranks; ranks that
     * have not joined within the connect timeout abort the run, and nobody is told while it waits.
     *
     * @throws RendezvousException when the port is taken or cannot be bound, with a one-line reason
     */
    public static RendezvousServer start(int port, int worldSize, String token, RendezvousTimeouts timeouts) {
        return start(port, worldSize, token, timeouts, JoinWatch.silent());
    }

    /** As {@link #start(int, int, String, RendezvousTimeouts)}, saying through {@code join} who is still missing. */
    public static RendezvousServer start(int port, int worldSize, String token, RendezvousTimeouts timeouts,
                                         JoinWatch join) {
        if (worldSize < 1) {
            throw new IllegalArgumentException("a run needs at least 1 rank, not " + worldSize);
        }
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(timeouts, "timeouts");
        ServerSocket listener = null;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(port), Math.max(128, worldSize));
            return new RendezvousServer(listener, worldSize, token, timeouts, Objects.requireNonNull(join, "join"));
        } catch (BindException e) {
            closeQuietly(listener);
            if (String.valueOf(e.getMessage()).contains("in use")) {
                throw new RendezvousException("rendezvous port " + port + " is already in use on this host"
                        + " (another run?); choose another with --rendezvous HOST:PORT", e);
            }
            throw new RendezvousException("cannot listen on rendezvous port " + port + ": " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(listener);
            throw new RendezvousException("cannot listen on rendezvous port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on (the one the system chose when started with port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Shuts the store down. Connected ranks are told it closed normally and may still close their clients; if a round
     * is under way, they are aborted instead (rank 0 left in the middle of an operation). Waits up to 2 s for the
     * ranks to read that (or an earlier ABORT) and hang up, so rank 0 should call it before its process exits, also
     * after a failure: a rank that finds the server simply gone reports rank 0 as the failed one.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (failure == null && round != null) {
                abortAll(new RankFailure(0, host, pid, "closed the rendezvous server during operation #" + round.seq
                        + " (" + round.describe() + ")"));
            } else if (failure == null) {
                for (Connection c : ranks) {
                    if (c != null) {
                        c.writer.send(Wire.CLOSED_FRAME);
                        c.writer.finish();
                    }
                }
            }
        }
        heartbeats.cancel(false);
        joinProgress.cancel(false);
        joinDeadline.cancel(false);
        closeQuietly(listener);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_GRACE_MILLIS);
        for (Connection c : List.copyOf(open)) {
            long remaining = deadline - System.nanoTime();
            try {
                if (remaining > 0 && c.thread != Thread.currentThread()) {
                    c.thread.join(Duration.ofNanos(remaining));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Connection c : List.copyOf(open)) {
            c.writer.stop();
            FrameWriter.closeQuietly(c.socket);
        }
        acceptor.interrupt();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                Thread.ofVirtual().name("rendezvous-connection").start(() -> serve(socket));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
                // Out of descriptors or the like: the ranks keep retrying their connect; give the system a moment.
                try {
                    Thread.sleep(10);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void sendHeartbeats() {
        for (Connection c : open) {
            if (c.admitted) {
                c.writer.send(Wire.HEARTBEAT_FRAME);
            }
        }
    }

    /** Handles one connection from hello to hang-up, on its own virtual thread. */
    private void serve(Socket socket) {
        Connection c = null;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(Math.toIntExact(timeouts.deadPeer().toMillis()));
            c = new Connection(socket, new FrameWriter(socket, "rendezvous-server-writer"));
            open.add(c);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            Wire.Frame hello = Wire.read(in, Wire.MAX_HANDSHAKE_FRAME);
            if (admit(c, hello)) {
                String lost = serveRank(c, in);
                if (lost != null) {
                    onLost(c, lost);
                }
            } else {
                drain(in);
            }
        } catch (IOException e) {
            // Before the hello was accepted: a port scanner, a stranger, or a rank that gave up. Nobody to tell.
        } finally {
            if (c != null) {
                c.writer.stop();
                open.remove(c);
            }
            FrameWriter.closeQuietly(socket);
        }
    }

    /** Reads a rank's frames until it hangs up; returns why it was lost, or null after a goodbye or an abort. */
    private String serveRank(Connection c, DataInputStream in) {
        try {
            while (true) {
                Wire.Frame frame = Wire.read(in, Wire.MAX_CLIENT_FRAME);
                c.lastHeard = System.nanoTime();
                switch (frame.type()) {
                    case Wire.HEARTBEAT -> c.progress = Wire.readLong(frame.body());
                    case Wire.OP -> onOp(c, frame.body());
                    case Wire.STALL -> onStall(c, Wire.readString(frame.body()));
                    case Wire.FAIL -> {
                        onFail(c, Wire.readString(frame.body()));
                        drain(in);
                        return null;
                    }
                    case Wire.BYE -> {
                        onGoodbye(c);
                        drain(in);
                        return null;
                    }
                    default -> throw new Wire.ProtocolException("unexpected frame type " + frame.type());
                }
            }
        } catch (SocketTimeoutException e) {
            return "went silent: no heartbeat for " + Wire.describe(timeouts.deadPeer());
        } catch (Wire.ProtocolException e) {
            return "broke the rendezvous protocol: " + e.getMessage();
        } catch (IOException e) {
            return "died: connection lost";
        }
    }

    private boolean admit(Connection c, Wire.Frame hello) throws IOException {
        ByteBuffer body = hello.body();
        if (hello.type() != Wire.HELLO || Wire.readInt(body) != Wire.MAGIC) {
            throw new Wire.ProtocolException("not a rendezvous hello");
        }
        int version = Wire.readInt(body);
        if (version != Wire.VERSION) {
            return refuse(c, "protocol version " + version + " is not this server's " + Wire.VERSION
                    + " (mixed ncclkit versions?)");
        }
        byte[] presented = Wire.readBytes(body);
        int rank = Wire.readInt(body);
        int size = Wire.readInt(body);
        String rankHost = Wire.readString(body);
        long rankPid = Wire.readLong(body);
        if (!MessageDigest.isEqual(presented, token)) {
            return refuse(c, "wrong run token (is another run using this port?)");
        }
        synchronized (this) {
            if (failure != null) {
                c.writer.send(Wire.abort(failure));
                c.writer.finish();
                return false;
            }
            if (closed) {
                return refuse(c, "the rendezvous is shutting down");
            }
            if (size != worldSize) {
                return refuse(c, "world size " + size + " does not match the run's " + worldSize
                        + " (were the ranks started with different settings?)");
            }
            if (rank < 0 || rank >= worldSize) {
                return refuse(c, "rank " + rank + " is outside 0-" + (worldSize - 1) + " (world size " + worldSize
                        + ")");
            }
            if (left.get(rank)) {
                return refuse(c, "rank " + rank + " already took part in this run and said goodbye");
            }
            Connection other = ranks[rank];
            if (other != null) {
                return refuse(c, "rank " + rank + " is already connected from host " + other.host + ", pid "
                        + other.pid + " (two processes were given the same rank?)");
            }
            c.rank = rank;
            c.host = rankHost;
            c.pid = rankPid;
            ranks[rank] = c;
            joined.set(rank);
            if (joined.cardinality() == worldSize) {
                joinProgress.cancel(false);
                joinDeadline.cancel(false);
            }
            c.writer.send(Wire.welcome(host, pid));
            c.admitted = true;
            return true;
        }
    }

    private static boolean refuse(Connection c, String reason) {
        c.writer.send(Wire.refused(reason));
        c.writer.finish();
        return false;
    }

    private void onOp(Connection c, ByteBuffer body) throws Wire.ProtocolException {
        long seq = Wire.readLong(body);
        byte code = Wire.readByte(body);
        int root = Wire.readInt(body);
        byte[] payload = Wire.readBytes(body);
        Operation op = Operation.ofCode(code);
        if (op == null) {
            throw new Wire.ProtocolException("unknown operation code " + code);
        }
        if (op.rooted ? root < 0 || root >= worldSize : root != -1) {
            throw new Wire.ProtocolException(op.name + " with root " + root + " in a world of " + worldSize);
        }
        if (op.isReduction() && payload.length != Double.BYTES) {
            throw new Wire.ProtocolException(op.name + " with " + payload.length + " bytes instead of a double");
        }
        contribute(c, seq, op, root, payload);
    }

    private synchronized void contribute(Connection c, long seq, Operation op, int root, byte[] payload) {
        if (failure != null || closed) {
            return;
        }
        if (round == null) {
            if (seq != nextSeq) {
                abortAll(protocolBreach(c, "sent operation #" + seq + " while the run is at #" + nextSeq));
                return;
            }
            round = new Round(seq, op, root, c.rank);
            int gone = left.nextSetBit(0);
            if (gone >= 0) {
                abortAll(RankFailure.ofRun("operation #" + seq + " (" + round.describe() + ") cannot complete: rank "
                        + gone + " has already closed its rendezvous client"));
                return;
            }
        } else if (seq != round.seq) {
            abortAll(protocolBreach(c, "sent operation #" + seq + " while the run is at #" + round.seq));
            return;
        }
        Round r = round;
        if (op != r.op || root != r.root) {
            abortAll(RankFailure.ofRun("ranks disagree at operation #" + seq + ": rank " + r.firstRank + " called "
                    + r.describe() + " but rank " + c.rank + " called " + op.describe(root)
                    + " (every rank must make the same rendezvous calls in the same order)"));
            return;
        }
        if (r.contributions[c.rank] != null) {
            abortAll(protocolBreach(c, "called operation #" + seq + " twice"));
            return;
        }
        r.contributions[c.rank] = payload;
        if (++r.arrived == worldSize) {
            complete(r);
        }
    }

    /** Every rank has arrived: encode the result once per distinct content and queue it to every rank. */
    private void complete(Round r) {
        r.deadline.cancel(false);
        round = null;
        nextSeq++;
        byte[] shared;
        byte[] forRoot = null;
        try {
            List<byte[]> all = Arrays.asList(r.contributions);
            switch (r.op) {
                case BROADCAST -> shared = Wire.result(r.seq, List.of(r.contributions[r.root]));
                case BARRIER -> shared = Wire.result(r.seq, List.of());
                case GATHER -> {
                    shared = Wire.result(r.seq, List.of());
                    forRoot = Wire.result(r.seq, all);
                }
                case ALL_GATHER -> shared = Wire.result(r.seq, all);
                default -> shared = Wire.result(r.seq, List.of(reduce(r.op.reduction(), r.contributions)));
            }
        } catch (IllegalArgumentException e) {
            abortAll(RankFailure.ofRun("operation #" + r.seq + " (" + r.describe() + ") failed: " + e.getMessage()));
            return;
        }
        for (int rank = 0; rank < worldSize; rank++) {
            Connection c = ranks[rank];
            if (c != null) {
                c.writer.send(rank == r.root && forRoot != null ? forRoot : shared);
            }
        }
    }

    private static byte[] reduce(Reduction reduction, byte[][] contributions) {
        double value = ByteBuffer.wrap(contributions[0]).getDouble();
        for (int rank = 1; rank < contributions.length; rank++) {
            value = reduction.combine(value, ByteBuffer.wrap(contributions[rank]).getDouble());
        }
        return ByteBuffer.allocate(Double.BYTES).putDouble(value).array();
    }

    /** Ranks that have never connected, as "12, 40, 41 (hosts node3, node7)", at most so many named. */
    private String missingRanks() {
        assert Thread.holdsLock(this);
        List<String> named = new ArrayList<>();
        Set<String> hosts = new LinkedHashSet<>();
        int count = 0;
        for (int rank = joined.nextClearBit(0); rank < worldSize; rank = joined.nextClearBit(rank + 1)) {
            if (count++ < RANKS_NAMED) {
                named.add(Integer.toString(rank));
            }
            String expected = join.expectedHost().apply(rank);
            if (expected != null && !expected.isBlank()) {
                hosts.add(expected);
            }
        }
        String ranksText = String.join(", ", named) + (count > RANKS_NAMED ? " and " + (count - RANKS_NAMED) + " more" : "");
        if (hosts.isEmpty()) {
            return ranksText;
        }
        List<String> hostList = List.copyOf(hosts);
        String hostsText = String.join(", ", hostList.subList(0, Math.min(HOSTS_NAMED, hostList.size())))
                + (hostList.size() > HOSTS_NAMED ? " and " + (hostList.size() - HOSTS_NAMED) + " more" : "");
        return ranksText + " (host" + (hostList.size() == 1 ? " " : "s ") + hostsText + ")";
    }

    private void reportJoin() {
        String line;
        synchronized (this) {
            int missing = worldSize - joined.cardinality();
            if (missing == 0 || failure != null || closed) {
                return;
            }
            line = "waiting for " + missing + " of " + worldSize + " ranks to join the rendezvous: " + missingRanks()
                    + " (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos) + " s of "
                    + Wire.describe(timeouts.connect()) + ")";
        }
        join.progress().accept(line);
    }

    private synchronized void onJoinDeadline() {
        int missing = worldSize - joined.cardinality();
        if (missing == 0 || failure != null || closed) {
            return;
        }
        abortAll(RankFailure.ofRun(missing + " of " + worldSize + " ranks never joined the rendezvous within "
                + Wire.describe(timeouts.connect()) + ": rank" + (missing == 1 ? " " : "s ") + missingRanks()
                + " (not started, or cannot reach rank 0's address?)"));
    }

    private synchronized void onDeadline(Round r) {
        if (round != r || failure != null) {
            return;
        }
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (int rank = 0; rank < worldSize; rank++) {
            if (r.contributions[rank] == null) {
                if (count++ < RANKS_NAMED) {
                    missing.add(rank + (ranks[rank] == null ? " (not connected)" : ""));
                }
            }
        }
        String more = count > RANKS_NAMED ? " and " + (count - RANKS_NAMED) + " more" : "";
        abortAll(RankFailure.ofRun("operation #" + r.seq + " (" + r.describe() + ") timed out after "
                + Wire.describe(timeouts.operation()) + " waiting for rank" + (count == 1 ? " " : "s ")
                + String.join(", ", missing) + more));
    }

    /** The first rank to report a stall reports it to the user; the others hear who does and stop quietly. */
    private synchronized void onStall(Connection c, String step) {
        if (stallReporter < 0) {
            stallReporter = c.rank;
        }
        c.writer.send(Wire.view(failure != null ? -1 : stallReporter, stallView(step)));
    }

    /**
     * The answer to a rank that made no progress: the ranks that are missing from the operation under way (not
     * arrived, not connected, gone), that are behind the others in the steps their heartbeats report, or that have
     * sent nothing, not even a heartbeat, for two heartbeat intervals (a process stopped with SIGSTOP, or hung).
     */
    private synchronized String stallView(String step) {
        long now = System.nanoTime();
        long silentAfter = timeouts.heartbeat().multipliedBy(2).toNanos();
        String operation = round == null ? null : "operation #" + round.seq + " (" + round.describe() + ")";
        long furthest = Arrays.stream(ranks).filter(Objects::nonNull).mapToLong(c -> c.progress).max().orElse(0);
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (int rank = 0; rank < worldSize; rank++) {
            Connection c = ranks[rank];
            List<String> why = new ArrayList<>();
            if (c == null) {
                why.add(left.get(rank) ? "has left the run" : "is not connected to the rendezvous");
            } else {
                if (round != null && round.contributions[rank] == null) {
                    why.add("has not reached " + operation);
                }
                if (c.progress < furthest) {
                    why.add("is behind (step " + c.progress + " of the run, the others at " + furthest + ")");
                }
                long quiet = now - c.lastHeard;
                if (quiet > silentAfter) {
                    why.add("has sent nothing, not even a heartbeat, for " + Wire.describe(Duration.ofNanos(quiet))
                            + " (stopped or hung?)");
                }
            }
            if (!why.isEmpty() && count++ < RANKS_NAMED) {
                missing.add(c == null ? "rank " + rank + ", which " + why.getFirst()
                        : "rank " + rank + " (host " + c.host + ", pid " + c.pid + "), which " + String.join(" and ", why));
            }
        }
        if (missing.isEmpty()) {
            return "every rank is connected and answering the rendezvous" + (operation == null ? ""
                    : " and has reached " + operation) + "; none is missing from its view, so the stall is inside NCCL,"
                    + " the network or a GPU (" + step + ")";
        }
        String more = count > RANKS_NAMED ? "; and " + (count - RANKS_NAMED) + " more" : "";
        return "waiting for " + String.join("; ", missing) + more;
    }

    private synchronized void onFail(Connection c, String reason) {
        ranks[c.rank] = null;
        c.writer.finish();
        if (failure == null) {
            abortAll(RankFailure.aborted(c.rank, c.host, c.pid, reason));
        }
    }

    private synchronized void onGoodbye(Connection c) {
        ranks[c.rank] = null;
        left.set(c.rank);
        c.writer.finish();
        if (failure == null && round != null) {
            abortAll(new RankFailure(c.rank, c.host, c.pid, "closed its rendezvous client during operation #"
                    + round.seq + " (" + round.describe() + ")"));
        }
    }

    private synchronized void onLost(Connection c, String reason) {
        if (ranks[c.rank] == c) {
            ranks[c.rank] = null;
        }
        if (failure == null && !closed) {
            abortAll(new RankFailure(c.rank, c.host, c.pid, reason));
        }
    }

    /** The run is over: every connected rank gets the failure, then its connection is half-closed. */
    private void abortAll(RankFailure cause) {
        assert Thread.holdsLock(this);
        failure = cause;
        if (round != null) {
            round.deadline.cancel(false);
            round = null;
        }
        byte[] frame = Wire.abort(cause);
        for (Connection c : ranks) {
            if (c != null) {
                c.writer.send(frame);
                c.writer.finish();
            }
        }
    }

    private RankFailure protocolBreach(Connection c, String what) {
        return new RankFailure(c.rank, c.host, c.pid, "broke the rendezvous protocol: " + what);
    }

    /** Reads and discards until the peer hangs up (or goes silent), so that closing never resets unread data. */
    private static void drain(InputStream in) {
        byte[] sink = new byte[512];
        try {
            while (in.read(sink) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // gone or silent: either way done
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do about it
            }
        }
    }

    /** One accepted socket; rank, host and pid are known once the hello is accepted. */
    private static final class Connection {
        final Socket socket;
        final FrameWriter writer;
        final Thread thread = Thread.currentThread();
        volatile boolean admitted;
        /** When the last frame came ({@link System#nanoTime()}): a stopped process sends not even heartbeats. */
        volatile long lastHeard = System.nanoTime();
        /** The steps the rank has taken, as its last heartbeat said. */
        volatile long progress;
        int rank = -1;
        String host = "";
        long pid = -1;

        Connection(Socket socket, FrameWriter writer) {
            this.socket = socket;
            this.writer = writer;
        }
    }

    /** A collective in progress: who has contributed what, and when it must be done. */
    private final class Round {
        final long seq;
        final Operation op;
        final int root;
        final int firstRank;
        final byte[][] contributions = new byte[worldSize][];
        final ScheduledFuture<?> deadline;
        int arrived;

        Round(long seq, Operation op, int root, int firstRank) {
            this.seq = seq;
            this.op = op;
            this.root = root;
            this.firstRank = firstRank;
            this.deadline = Timer.SHARED.schedule(() -> onDeadline(this), timeouts.operation().toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        String describe() {
            return op.describe(root);
        }
    }
}
