package org.ncclkit.launch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ncclkit.rendezvous.RendezvousAddress;

/**
 * Where rank 0's rendezvous store listens and the token that ranks of this run present to it.
 *
 * <p>The address is the first of: the {@code --rendezvous HOST:PORT} option; {@code NCCLKIT_RENDEZVOUS} (set by
 * {@code ncclkit mpirun} and by {@code ncclkit slurm}'s script); {@code MASTER_ADDR} and {@code MASTER_PORT}
 * (torchrun-style; under torchrun's agent store, {@code TORCHELASTIC_USE_AGENT_STORE=True}, the agent already listens
 * on {@code MASTER_PORT}, so the store takes the next port); derived from the launcher: {@code 127.0.0.1} when every
 * rank is on this node, else for a task of {@code srun} the first node of {@code SLURM_STEP_NODELIST} (or
 * {@code SLURM_JOB_NODELIST}), where Slurm places rank 0. A derived port is {@link #derivedPort(String)} of the job id.
 *
 * <p>The token is {@code NCCLKIT_RUN_TOKEN} when set. Otherwise it is derived from the launcher's job id, which every
 * rank of the run shares: this is weaker, since whoever can see the job id (e.g. in {@code squeue}) can compute it.
 *
 * @param source how the address was chosen, for messages
 */
public record RendezvousSettings(RendezvousAddress address, String token, String source) {
    public static final String ADDRESS_VARIABLE = "NCCLKIT_RENDEZVOUS";
    public static final String TOKEN_VARIABLE = "NCCLKIT_RUN_TOKEN";
    /** Derived ports lie in [20000, 32000): below Linux's default ephemeral range (32768-60999), where outgoing connections take theirs. */
    public static final int DERIVED_PORT_BASE = 20000;
    public static final int DERIVED_PORT_SPAN = 12000;

    public static RendezvousSettings resolve(RankEnv rank, Map<String, String> env, Optional<String> option) {
        Address address = address(rank, env, option);
        return new RendezvousSettings(address.address(), token(rank, env), address.source());
    }

    /**
     * The port for a job id: {@code 20000 + n % 12000}, where n is the id when it is a whole number (a Slurm job id,
     * as {@code ncclkit slurm}'s script computes it) and otherwise the id's {@link String#hashCode()}, which Java
     * defines the same on every node.
     */
    public static int derivedPort(String jobId) {
        long n = jobId.matches("\\d{1,18}") ? Long.parseLong(jobId) : jobId.hashCode();
        return DERIVED_PORT_BASE + (int) Math.floorMod(n, (long) DERIVED_PORT_SPAN);
    }

    private record Address(RendezvousAddress address, String source) {
    }

    private static Address address(RankEnv rank, Map<String, String> env, Optional<String> option) {
        if (option.isPresent()) {
            return new Address(parse(option.get(), "--rendezvous " + option.get()), "--rendezvous");
        }
        String variable = blankToNull(env.get(ADDRESS_VARIABLE));
        if (variable != null) {
            return new Address(parse(variable, ADDRESS_VARIABLE + "=" + variable), ADDRESS_VARIABLE);
        }
        String masterAddr = blankToNull(env.get("MASTER_ADDR"));
        String masterPort = blankToNull(env.get("MASTER_PORT"));
        if (masterAddr != null || masterPort != null) {
            return master(masterAddr, masterPort, env);
        }
        if (rank.singleNode() && rank.jobId() != null) {
            return new Address(new RendezvousAddress("127.0.0.1", derivedPort(rank.jobId())),
                    "this node (all " + rank.worldSize() + " ranks of " + rank.launcher() + " job " + rank.jobId()
                            + " are here), port from the job id");
        }
        if (rank.startedBySrun() && rank.jobId() != null) {
            String nodeListName = env.containsKey("SLURM_STEP_NODELIST") ? "SLURM_STEP_NODELIST" : "SLURM_JOB_NODELIST";
            String nodeList = blankToNull(env.get(nodeListName));
            if (nodeList != null) {
                List<String> nodes;
                try {
                    nodes = SlurmNodeList.expand(nodeList);
                } catch (IllegalArgumentException e) {
                    throw new LaunchEnvironmentException(nodeListName + "=" + nodeList + ": " + e.getMessage());
                }
                return new Address(new RendezvousAddress(nodes.getFirst(), derivedPort(rank.jobId())),
                        "first node of " + nodeListName + ", port from Slurm job " + rank.jobId());
            }
        }
        throw new LaunchEnvironmentException("no rendezvous address for rank " + rank.rank() + " of " + rank.worldSize()
                + " (" + rank.launcher() + "): pass --rendezvous HOST:PORT (a free port on rank 0's node), set "
                + ADDRESS_VARIABLE + "=HOST:PORT on every rank, or launch with ncclkit mpirun, which sets it");
    }

    private static Address master(String masterAddr, String masterPort, Map<String, String> env) {
        if (masterAddr == null || masterPort == null) {
            throw new LaunchEnvironmentException(masterAddr == null
                    ? "MASTER_PORT=" + masterPort + " is set but MASTER_ADDR is not"
                    : "MASTER_ADDR=" + masterAddr + " is set but MASTER_PORT is not");
        }
        int port;
        try {
            port = Integer.parseInt(masterPort);
        } catch (NumberFormatException e) {
            throw new LaunchEnvironmentException("MASTER_PORT=" + masterPort + " is not a port number");
        }
        boolean agentStore = "true".equalsIgnoreCase(blankToNull(env.get("TORCHELASTIC_USE_AGENT_STORE")));
        int storePort = agentStore ? port + 1 : port;
        String source = agentStore ? "MASTER_ADDR:MASTER_PORT+1 (torchrun's agent store holds MASTER_PORT)"
                : "MASTER_ADDR:MASTER_PORT";
        try {
            return new Address(new RendezvousAddress(masterAddr, storePort), source);
        } catch (IllegalArgumentException e) {
            throw new LaunchEnvironmentException("MASTER_ADDR=" + masterAddr + " MASTER_PORT=" + masterPort + ": "
                    + e.getMessage());
        }
    }

    private static RendezvousAddress parse(String text, String what) {
        try {
            return RendezvousAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LaunchEnvironmentException(what + ": " + e.getMessage());
        }
    }

    private static String token(RankEnv rank, Map<String, String> env) {
        String token = blankToNull(env.get(TOKEN_VARIABLE));
        if (token != null) {
            return token;
        }
        if (rank.jobId() == null) {
            throw new LaunchEnvironmentException(TOKEN_VARIABLE + " is not set and " + rank.launcher() + " gives no job "
                    + "id to derive one from: set " + TOKEN_VARIABLE + " to the same random value on every rank "
                    + "(ncclkit mpirun and ncclkit slurm do)");
        }
        return derivedToken(rank.launcher(), rank.jobId());
    }

    /** A token every rank of the job computes alike: 32 hex digits of SHA-256 over the launcher and job id. */
    static String derivedToken(String launcher, String jobId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("ncclkit-run:" + launcher + ":" + jobId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
