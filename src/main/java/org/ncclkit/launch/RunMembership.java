package org.ncclkit.launch;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.ncclkit.info.Hostname;
import org.ncclkit.rendezvous.JoinWatch;
import org.ncclkit.rendezvous.RankFailure;
import org.ncclkit.rendezvous.RendezvousAddress;
import org.ncclkit.rendezvous.RendezvousClient;
import org.ncclkit.rendezvous.RendezvousServer;
import org.ncclkit.rendezvous.RendezvousTimeouts;

/**
 * This process's place in a run launched as several processes: its rank from the launcher's variables, and its
 * connection to rank 0's rendezvous store, which rank 0 serves from its own process.
 */
public final class RunMembership implements AutoCloseable {
    /** The exit status of a rank that stopped because another rank failed (not one of nccl-tests' statuses). */
    public static final int PEER_FAILED_STATUS = 8;

    private final RankEnv rank;
    private final RendezvousSettings settings;
    private final RendezvousServer server;
    private final RendezvousClient client;
    private final int indexOnHost;
    private boolean aborted;

    private RunMembership(RankEnv rank, RendezvousSettings settings, RendezvousServer server, RendezvousClient client,
                          String hostIdentity) {
        this.rank = rank;
        this.settings = settings;
        this.server = server;
        this.client = client;
        this.indexOnHost = indexAmong(client.allGather(hostIdentity.getBytes(StandardCharsets.UTF_8)), rank.rank());
    }

    /**
     * Which of its host's processes this one is, counting lower ranks with the same host name and {@code NCCL_HOSTID}:
     * NCCL treats processes with different host ids as different nodes, so several of them may each drive GPU 0 of
     * one machine (nccl-tests counts by host name alone and refuses that).
     */
    static int indexAmong(List<byte[]> identities, int rank) {
        int index = 0;
        for (int r = 0; r < rank; r++) {
            if (Arrays.equals(identities.get(r), identities.get(rank))) {
                index++;
            }
        }
        return index;
    }

    /**
     * Joins the run that the environment describes; empty when no launcher started this process as one of several.
     * {@code onPeerFailure} runs once, from a background thread, if another rank fails or rank 0's store is lost.
     */
    public static Optional<RunMembership> join(Map<String, String> env, Optional<String> rendezvousOption,
                                               RendezvousTimeouts timeouts, Consumer<RankFailure> onPeerFailure) {
        Optional<RankEnv> discovered = RankEnv.discover(env).filter(r -> r.worldSize() > 1);
        if (discovered.isEmpty()) {
            return Optional.empty();
        }
        RankEnv rank = discovered.get();
        RendezvousSettings settings = RendezvousSettings.resolve(rank, env, rendezvousOption);
        RendezvousServer server = rank.rank() == 0 ? RendezvousServer.start(settings.address().port(), rank.worldSize(),
                settings.token(), timeouts, joinWatch(rank, env, timeouts)) : null;
        // On rank 0 the store passes a failure on to every rank (within 2 s) before this process acts on it and ends.
        Consumer<RankFailure> onFailure = server == null ? onPeerFailure : failure -> {
            server.close();
            onPeerFailure.accept(failure);
        };
        try {
            RendezvousAddress address = server != null ? new RendezvousAddress("127.0.0.1", server.port()) : settings.address();
            RendezvousClient client = RendezvousClient.connect(address, settings.token(), rank.rank(), rank.worldSize(),
                    Hostname.get(), ProcessHandle.current().pid(), timeouts, onFailure);
            String hostIdentity = Hostname.get() + "/" + env.getOrDefault("NCCL_HOSTID", "");
            return Optional.of(new RunMembership(rank, settings, server, client, hostIdentity));
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            }
            throw e;
        }
    }

    /** Rank 0 says on its standard error who is still missing, with their hosts, until everyone has joined. */
    private static JoinWatch joinWatch(RankEnv rank, Map<String, String> env, RendezvousTimeouts timeouts) {
        return new JoinWatch(RankHosts.of(rank, env), line -> {
            System.err.println("ncclkit: " + line);
            System.err.flush();
        }, JoinWatch.interval(timeouts.connect()));
    }

    public RankEnv rank() {
        return rank;
    }

    /** This process's index among the processes of its host (as NCCL sees hosts): its first GPU follows from it. */
    public int indexOnHost() {
        return indexOnHost;
    }

    public RendezvousSettings settings() {
        return settings;
    }

    public RendezvousClient client() {
        return client;
    }

    /** This rank fails: every other rank is told why and stops. */
    public void abort(String reason) {
        aborted = true;
        client.abort(reason);
    }

    /** On rank 0, shuts its store down, giving it up to 2 s to tell the other ranks why; elsewhere nothing. */
    public void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Leaves the run cleanly (unless aborted): a last barrier, so that rank 0's store outlives every goodbye. */
    @Override
    public void close() {
        try {
            if (!aborted) {
                client.barrier();
                client.close();
            }
        } finally {
            closeServer();
        }
    }
}
