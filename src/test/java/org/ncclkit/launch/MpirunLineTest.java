package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.ncclkit.rendezvous.RendezvousAddress;

/** The mpirun command: equal to the seed's line for the seed's inputs, and the rules for variables, hosts and paths. */
class MpirunLineTest {
    /** The seed's multi-node all_reduce_perf command for Ubuntu, as printed in using-efa-on-the-dlami.txt. */
    static final String SEED_UBUNTU_COMMAND = """
            /opt/amazon/openmpi/bin/mpirun \\
                       -x FI_PROVIDER="efa" -n 16 -N 8 \\
                       -x NCCL_DEBUG=INFO \\
                       -x FI_EFA_TX_MIN_CREDITS=64 \\
                       -x NCCL_TREE_THRESHOLD=0 \\
                       -x LD_LIBRARY_PATH=/usr/local/cuda-10.0/efa/lib:/usr/local/cuda-10.0/lib:/usr/local/cuda-10.0/lib64:/usr/local/cuda-10.0:/opt/amazon/efa/lib:/opt/amazon/openmpi/lib:$LD_LIBRARY_PATH \\
                       --hostfile hosts --mca btl tcp,self --mca btl_tcp_if_exclude lo,docker0 --bind-to none \\
                       $HOME/src/bin/efa-tests/efa-cuda-10.0/all_reduce_perf -b 8 -e 1G -f 2 -g 1 -c 1 -n 100
            """;
    static final String USER_LIBRARY_PATH = "/home/ubuntu/lib";
    /** What a DLAMI user's LD_LIBRARY_PATH holds when the seed's line expands $LD_LIBRARY_PATH to /home/ubuntu/lib. */
    static final String SEED_LIBRARY_PATH = "/usr/local/cuda-10.0/efa/lib:/usr/local/cuda-10.0/lib:/usr/local/cuda-10.0/lib64:"
            + "/usr/local/cuda-10.0:/opt/amazon/efa/lib:/opt/amazon/openmpi/lib:" + USER_LIBRARY_PATH;
    static final Set<String> UBUNTU_FOLDERS = Set.of("/opt/amazon/efa/lib", "/opt/amazon/openmpi/lib");
    static final String TOKEN = "5f0c2b7e9a41d3c68e17f2a4b09d5c31";
    static final RendezvousAddress RENDEZVOUS = new RendezvousAddress("ip-172-31-41-105", 41234);
    static final String LAUNCHER = "/home/ubuntu/ncclkit-0.1.0/bin/ncclkit";
    static final List<String> PERF = List.of("perf", "all_reduce", "-b", "8", "-e", "1G", "-f", "2", "-g", "1", "-c", "1", "-n", "100");
    static final List<HostEntry> SEED_HOSTS = List.of(HostEntry.of("localhost", 8), HostEntry.of("172.31.15.30", 8),
            HostEntry.of("172.31.41.36", 8));

    private static MpirunLine.Request request(MpirunLine.Hosts hosts, int nodes, int gpus, boolean efa, List<EnvSetting> env) {
        return new MpirunLine.Request(MpirunExecutable.AMAZON_OPENMPI, false, hosts, nodes, gpus, efa, env, RENDEZVOUS,
                TOKEN, LAUNCHER, PERF);
    }

    /** The words bash makes of a command, with the given variables. */
    private static List<String> bashWords(String command, Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + command);
        builder.environment().putAll(variables);
        Process bash = builder.start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor()).isZero();
        return List.of(output.split("\0"));
    }

    @Test
    void withTheSeedsInputsTheLineIsTheSeedsLinePlusNcclkitsVariablesAndSubcommand() throws Exception {
        List<String> seed = bashWords(SEED_UBUNTU_COMMAND, Map.of("LD_LIBRARY_PATH", USER_LIBRARY_PATH, "HOME", "/home/ubuntu"));
        List<String> expected = new ArrayList<>(seed.subList(0, seed.indexOf("--hostfile")));
        expected.addAll(List.of("-x", "NCCLKIT_RUN_TOKEN=" + TOKEN, "-x", "NCCLKIT_RENDEZVOUS=ip-172-31-41-105:41234",
                "-x", "NCCLKIT_HOSTS=localhost,172.31.15.30"));
        expected.addAll(seed.subList(seed.indexOf("--hostfile"), seed.indexOf("/home/ubuntu/src/bin/efa-tests/efa-cuda-10.0/all_reduce_perf")));
        expected.add(LAUNCHER);
        expected.addAll(PERF);

        MpirunLine line = MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 2, 8, true,
                        List.of(EnvSetting.parse("FI_EFA_TX_MIN_CREDITS=64"), EnvSetting.parse("NCCL_TREE_THRESHOLD=0"))),
                Map.of("LD_LIBRARY_PATH", SEED_LIBRARY_PATH, "HOME", "/home/ubuntu"), UBUNTU_FOLDERS::contains);

        assertThat(seed).startsWith("/opt/amazon/openmpi/bin/mpirun", "-x", "FI_PROVIDER=efa", "-n", "16", "-N", "8");
        assertThat(line.words()).isEqualTo(expected);
    }

    @Test
    void theSeedsObsoleteVariablesAreNotDefaults() {
        MpirunLine line = MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 2, 8, true, List.of()),
                Map.of(), folder -> false);

        assertThat(line.words()).containsExactly("/opt/amazon/openmpi/bin/mpirun", "-x", "FI_PROVIDER=efa", "-n", "16",
                "-N", "8", "-x", "NCCL_DEBUG=INFO", "-x", "NCCLKIT_RUN_TOKEN=" + TOKEN,
                "-x", "NCCLKIT_RENDEZVOUS=ip-172-31-41-105:41234", "-x", "NCCLKIT_HOSTS=localhost,172.31.15.30",
                "--hostfile", "hosts", "--mca", "btl", "tcp,self",
                "--mca", "btl_tcp_if_exclude", "lo,docker0", "--bind-to", "none", LAUNCHER, "perf", "all_reduce",
                "-b", "8", "-e", "1G", "-f", "2", "-g", "1", "-c", "1", "-n", "100");
    }

    @Test
    void withoutEfaThereIsNoProviderAndRootIsAllowedWhenRunningAsRoot() {
        MpirunLine line = MpirunLine.build(new MpirunLine.Request("/usr/bin/mpirun", true,
                new MpirunLine.HostArguments(List.of(HostEntry.of("localhost"))), 1, 2, false, List.of(), RENDEZVOUS,
                TOKEN, LAUNCHER, List.of("info")), Map.of(), folder -> false);

        assertThat(line.words()).startsWith("/usr/bin/mpirun", "--allow-run-as-root", "-n", "2", "-N", "2",
                "-x", "NCCL_DEBUG=INFO").doesNotContain("FI_PROVIDER=efa").endsWith(LAUNCHER, "info");
    }

    @Test
    void thisNodesFiAndNcclVariablesArePassedByNameAndOthersAreNot() {
        Map<String, String> env = Map.of("NCCL_SOCKET_IFNAME", "^docker,lo", "FI_EFA_USE_DEVICE_RDMA", "1",
                "NCCL_TESTS_MIN_BW", "300", "HOME", "/root", "CUDA_HOME", "/usr/local/cuda", "MY_NCCL_THING", "x");

        List<String> words = MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 2, 8, true, List.of()),
                env, folder -> false).words();

        assertThat(exports(words)).containsExactly("FI_PROVIDER=efa", "NCCL_DEBUG=INFO", "FI_EFA_USE_DEVICE_RDMA=1",
                "NCCL_SOCKET_IFNAME=^docker,lo", "NCCL_TESTS_MIN_BW=300", "NCCLKIT_RUN_TOKEN=" + TOKEN,
                "NCCLKIT_RENDEZVOUS=ip-172-31-41-105:41234", "NCCLKIT_HOSTS=localhost,172.31.15.30");
    }

    @Test
    void theEnvironmentOverridesDefaultsAndEnvOptionsOverrideBothInPlace() {
        Map<String, String> env = Map.of("NCCL_DEBUG", "WARN", "NCCL_PROTO", "LL");
        List<EnvSetting> options = List.of(EnvSetting.parse("NCCL_PROTO=Simple"), EnvSetting.parse("FI_PROVIDER=efa;ofi_rxm"),
                EnvSetting.parse("NCCL_ALGO=Ring"));

        List<String> words = MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 2, 8, true, options),
                env, folder -> false).words();

        assertThat(exports(words)).containsExactly("FI_PROVIDER=efa;ofi_rxm", "NCCL_DEBUG=WARN", "NCCL_PROTO=Simple",
                "NCCL_ALGO=Ring", "NCCLKIT_RUN_TOKEN=" + TOKEN, "NCCLKIT_RENDEZVOUS=ip-172-31-41-105:41234",
                "NCCLKIT_HOSTS=localhost,172.31.15.30");
    }

    @Test
    void installerFoldersThatExistGoInFrontOfTheLibraryPathOnce() {
        Set<String> amazonLinux = Set.of("/opt/amazon/efa/lib64", "/opt/amazon/openmpi/lib64", "/opt/amazon/ofi-nccl/lib");

        assertThat(MpirunLine.libraryPath("/usr/local/cuda/lib64:/opt/amazon/openmpi/lib64", amazonLinux::contains))
                .isEqualTo("/opt/amazon/efa/lib64:/opt/amazon/ofi-nccl/lib:/usr/local/cuda/lib64:/opt/amazon/openmpi/lib64");
        assertThat(MpirunLine.libraryPath(null, UBUNTU_FOLDERS::contains)).isEqualTo("/opt/amazon/efa/lib:/opt/amazon/openmpi/lib");
        assertThat(MpirunLine.libraryPath("", folder -> false)).isEmpty();
    }

    @Test
    void anEnvOptionForTheLibraryPathReplacesTheComputedOne() {
        List<String> words = MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 2, 8, true,
                List.of(EnvSetting.parse("LD_LIBRARY_PATH=/opt/nccl/lib"))), Map.of("LD_LIBRARY_PATH", "/x"),
                UBUNTU_FOLDERS::contains).words();

        assertThat(exports(words)).contains("LD_LIBRARY_PATH=/opt/nccl/lib").doesNotContain("LD_LIBRARY_PATH=/x");
    }

    @Test
    void hostsFromAListArePassedWithGSlotsEachFirstNOnly() {
        List<HostEntry> hosts = SlurmNodeList.expand("gpu-[001-003]").stream().map(HostEntry::of).toList();

        List<String> words = MpirunLine.build(request(new MpirunLine.HostArguments(hosts), 2, 8, false, List.of()),
                Map.of(), folder -> false).words();

        assertThat(words).containsSubsequence("--host", "gpu-001:8,gpu-002:8").doesNotContain("--hostfile");
    }

    @Test
    void moreNodesThanHostsOrFewerSlotsThanGpusAreRefused() {
        assertThatThrownBy(() -> MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 4, 8, true, List.of()),
                Map.of(), folder -> false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--nodes 4 asks for more nodes than the 3 hosts given");
        assertThatThrownBy(() -> MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 2, 16, true, List.of()),
                Map.of(), folder -> false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("host localhost has slots=8, fewer than --gpus-per-node 16");
        assertThatThrownBy(() -> MpirunLine.build(request(new MpirunLine.Hostfile("hosts", SEED_HOSTS), 0, 8, true, List.of()),
                Map.of(), folder -> false)).hasMessage("--nodes and --gpus-per-node must be at least 1");
    }

    @Test
    void printedFormHasOneOptionPerLineWithContinuationsAndQuotes() {
        MpirunLine line = MpirunLine.build(request(new MpirunLine.Hostfile("my hosts", SEED_HOSTS), 2, 8, true,
                List.of(EnvSetting.parse("NCCL_SOCKET_IFNAME=^docker,lo"))), Map.of(), folder -> false);

        assertThat(line.toShell().lines()).containsExactly(
                "/opt/amazon/openmpi/bin/mpirun \\",
                "    -x FI_PROVIDER=efa \\",
                "    -n 16 \\",
                "    -N 8 \\",
                "    -x NCCL_DEBUG=INFO \\",
                "    -x 'NCCL_SOCKET_IFNAME=^docker,lo' \\",
                "    -x NCCLKIT_RUN_TOKEN=" + TOKEN + " \\",
                "    -x NCCLKIT_RENDEZVOUS=ip-172-31-41-105:41234 \\",
                "    -x NCCLKIT_HOSTS=localhost,172.31.15.30 \\",
                "    --hostfile 'my hosts' \\",
                "    --mca btl tcp,self \\",
                "    --mca btl_tcp_if_exclude lo,docker0 \\",
                "    --bind-to none \\",
                "    " + LAUNCHER + " perf all_reduce -b 8 -e 1G -f 2 -g 1 -c 1 -n 100");
    }

    @Test
    void envSettingsNeedAVariableName() {
        assertThat(EnvSetting.parse("A=b=c")).isEqualTo(new EnvSetting("A", "b=c"));
        assertThat(EnvSetting.parse("EMPTY=")).isEqualTo(new EnvSetting("EMPTY", ""));
        assertThatThrownBy(() -> EnvSetting.parse("NCCL_DEBUG")).hasMessage("--env takes NAME=VALUE, not 'NCCL_DEBUG'");
        assertThatThrownBy(() -> EnvSetting.parse("1X=2")).hasMessageStartingWith("'1X' is not a variable name");
    }

    /** The NAME=VALUE words that follow each -x. */
    private static List<String> exports(List<String> words) {
        List<String> exports = new ArrayList<>();
        for (int i = 0; i < words.size() - 1; i++) {
            if (words.get(i).equals("-x")) {
                exports.add(words.get(i + 1));
            }
        }
        return exports;
    }

    @Test
    void theRequestKeepsItsOwnCopyOfTheLists() {
        List<String> arguments = new ArrayList<>(List.of("info"));
        MpirunLine.Request request = new MpirunLine.Request("/usr/bin/mpirun", false,
                new MpirunLine.HostArguments(List.of(HostEntry.of("n1"))), 1, 1, false, new ArrayList<>(), RENDEZVOUS,
                TOKEN, LAUNCHER, arguments);
        arguments.add("--json");

        assertThat(request.arguments()).containsExactly("info");
    }
}
