package org.ncclkit.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.ncclkit.rendezvous.RendezvousAddress;

/**
 * The Open MPI command that starts one ncclkit rank per GPU on each node, written as the seed writes its
 * {@code all_reduce_perf} line: {@code -x FI_PROVIDER=efa -n N*G -N G -x NCCL_DEBUG=INFO -x ... -x LD_LIBRARY_PATH=...
 * --hostfile hosts --mca btl tcp,self --mca btl_tcp_if_exclude lo,docker0 --bind-to none PROGRAM ARGS}, plus the
 * run's {@code NCCLKIT_RUN_TOKEN}, {@code NCCLKIT_RENDEZVOUS} and {@code NCCLKIT_HOSTS} (the hosts in order, so that
 * rank 0 can name the host of a rank that never joins).
 *
 * <p>Variables, in this order, a later source replacing an earlier one's value in place: {@code FI_PROVIDER=efa}
 * (with EFA), {@code NCCL_DEBUG=INFO} (the seed asks for it, and {@code ncclkit logs verify} reads it), every
 * {@code FI_*} and {@code NCCL_*} variable of this environment by name (mpirun passes nothing that is not named with
 * {@code -x}), then the {@code --env} settings. The seed's {@code FI_EFA_TX_MIN_CREDITS=64} and
 * {@code NCCL_TREE_THRESHOLD=0} are not defaults: NCCL 2.5 and later ignore {@code NCCL_TREE_THRESHOLD} (its tuning
 * model chooses tree or ring), and current libfabric's EFA provider manages its transmit credits itself; {@code --env}
 * reproduces them for an old stack.
 */
public final class MpirunLine {
    /** Library folders of the EFA installer, put in front of LD_LIBRARY_PATH when they exist (seed: efa, openmpi; lib64 on Amazon Linux). */
    public static final List<String> AMAZON_LIBRARY_FOLDERS = List.of("/opt/amazon/efa/lib", "/opt/amazon/efa/lib64",
            "/opt/amazon/openmpi/lib", "/opt/amazon/openmpi/lib64", "/opt/amazon/ofi-nccl/lib");

    /** Where mpirun finds the nodes. */
    public sealed interface Hosts permits Hostfile, HostArguments {
        List<HostEntry> entries();
    }

    /** A hostfile handed to {@code mpirun --hostfile} as it is (its path as the user wrote it). */
    public record Hostfile(String path, List<HostEntry> entries) implements Hosts {
    }

    /** Hosts passed as {@code --host h1:G,h2:G}: the first N of them, with G slots each. */
    public record HostArguments(List<HostEntry> entries) implements Hosts {
    }

    /**
     * What to launch.
     *
     * @param mpirun           the full path of mpirun
     * @param runAsRoot        add {@code --allow-run-as-root} (Open MPI refuses root otherwise)
     * @param nodes            how many of the hosts to use, from the first
     * @param gpusPerNode      ranks per node, one per GPU
     * @param efa              set {@code FI_PROVIDER=efa}
     * @param extraEnvironment the {@code --env} settings, in order
     * @param program          the ncclkit launcher on the nodes
     * @param arguments        the ncclkit subcommand and its arguments
     */
    public record Request(String mpirun, boolean runAsRoot, Hosts hosts, int nodes, int gpusPerNode, boolean efa,
                          List<EnvSetting> extraEnvironment, RendezvousAddress rendezvous, String token, String program,
                          List<String> arguments) {
        public Request {
            extraEnvironment = List.copyOf(extraEnvironment);
            arguments = List.copyOf(arguments);
        }
    }

    private final List<List<String>> groups;

    private MpirunLine(List<List<String>> groups) {
        this.groups = List.copyOf(groups);
    }

    /**
     * Builds the command; an impossible request (more nodes than hosts, a host with fewer slots than GPUs) is an
     * {@link IllegalArgumentException}.
     *
     * @param environment  this process's environment, for FI_*, NCCL_* and LD_LIBRARY_PATH
     * @param folderExists whether a library folder exists on this node (the nodes are alike)
     */
    public static MpirunLine build(Request request, Map<String, String> environment, Predicate<String> folderExists) {
        List<HostEntry> hosts = usedHosts(request);
        Map<String, String> variables = variables(request, environment, folderExists);

        List<List<String>> groups = new ArrayList<>();
        groups.add(List.of(request.mpirun()));
        if (request.runAsRoot()) {
            groups.add(List.of("--allow-run-as-root"));
        }
        List<Map.Entry<String, String>> entries = new ArrayList<>(variables.entrySet());
        if (request.efa()) {
            groups.add(export(entries.removeFirst())); // the provider first, where the seed writes it
        }
        groups.add(List.of("-n", Integer.toString(request.nodes() * request.gpusPerNode())));
        groups.add(List.of("-N", Integer.toString(request.gpusPerNode())));
        entries.forEach(entry -> groups.add(export(entry)));
        groups.add(switch (request.hosts()) {
            case Hostfile file -> List.of("--hostfile", file.path());
            case HostArguments arguments -> List.of("--host", hosts.stream()
                    .map(h -> h.host() + ":" + request.gpusPerNode()).collect(Collectors.joining(",")));
        });
        // TCP for Open MPI's own messages, off loopback and the docker bridge (seed); NCCL carries the data.
        groups.add(List.of("--mca", "btl", "tcp,self"));
        groups.add(List.of("--mca", "btl_tcp_if_exclude", "lo,docker0"));
        groups.add(List.of("--bind-to", "none")); // ncclkit picks its GPU and threads itself
        groups.add(Stream.concat(Stream.of(request.program()), request.arguments().stream()).toList());
        return new MpirunLine(groups);
    }

    /** The command's words, to execute. */
    public List<String> words() {
        return groups.stream().flatMap(List::stream).toList();
    }

    /** The command for a shell, one option per line with {@code \} continuations like the seed. */
    public String toShell() {
        return groups.stream().map(ShellWords::join).collect(Collectors.joining(" \\\n    "));
    }

    private static List<HostEntry> usedHosts(Request request) {
        List<HostEntry> hosts = request.hosts().entries();
        if (request.nodes() < 1 || request.gpusPerNode() < 1) {
            throw new IllegalArgumentException("--nodes and --gpus-per-node must be at least 1");
        }
        if (request.nodes() > hosts.size()) {
            throw new IllegalArgumentException("--nodes " + request.nodes() + " asks for more nodes than the " + hosts.size()
                    + " hosts given");
        }
        List<HostEntry> used = hosts.subList(0, request.nodes());
        for (HostEntry host : used) {
            if (host.slots().isPresent() && host.slots().getAsInt() < request.gpusPerNode()) {
                throw new IllegalArgumentException("host " + host.host() + " has slots=" + host.slots().getAsInt()
                        + ", fewer than --gpus-per-node " + request.gpusPerNode());
            }
        }
        return used;
    }

    private static Map<String, String> variables(Request request, Map<String, String> environment,
                                                 Predicate<String> folderExists) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (request.efa()) {
            variables.put("FI_PROVIDER", "efa");
        }
        variables.put("NCCL_DEBUG", "INFO");
        environment.keySet().stream().filter(name -> name.startsWith("FI_") || name.startsWith("NCCL_")).sorted()
                .forEach(name -> variables.put(name, environment.get(name)));
        request.extraEnvironment().forEach(setting -> variables.put(setting.name(), setting.value()));
        if (!variables.containsKey("LD_LIBRARY_PATH")) {
            String libraryPath = libraryPath(environment.get("LD_LIBRARY_PATH"), folderExists);
            if (!libraryPath.isEmpty()) {
                variables.put("LD_LIBRARY_PATH", libraryPath);
            }
        }
        variables.putIfAbsent("NCCLKIT_RUN_TOKEN", request.token());
        variables.putIfAbsent("NCCLKIT_RENDEZVOUS", request.rendezvous().toString());
        variables.putIfAbsent(RankHosts.VARIABLE, usedHosts(request).stream().map(HostEntry::host)
                .collect(Collectors.joining(",")));
        return variables;
    }

    /** This node's LD_LIBRARY_PATH with the EFA installer's folders in front, each once. */
    static String libraryPath(String current, Predicate<String> folderExists) {
        List<String> parts = current == null ? List.of()
                : Stream.of(current.split(":")).filter(part -> !part.isEmpty()).toList();
        List<String> front = AMAZON_LIBRARY_FOLDERS.stream().filter(folderExists).filter(f -> !parts.contains(f)).toList();
        return Stream.concat(front.stream(), parts.stream()).collect(Collectors.joining(":"));
    }

    private static List<String> export(Map.Entry<String, String> variable) {
        return List.of("-x", variable.getKey() + "=" + variable.getValue());
    }
}
