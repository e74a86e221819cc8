package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.ncclkit.testing.InstalledMpirun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.launch.FakeNetwork;

import picocli.CommandLine;

/** {@code ncclkit mpirun}: the printed command, the option rules with their exit codes, and a real run through mpirun. */
class MpirunCommandTest {
    private static final String TOKEN = "5f0c2b7e9a41d3c68e17f2a4b09d5c31";
    /** The seed's leader: localhost is this node, and its address on the route to the other two is 172.31.41.105. */
    private static final FakeNetwork SEED_NETWORK = new FakeNetwork(Set.of("localhost", "ip-172-31-41-105"), Map.of(),
            Map.of("172.31.15.30", "172.31.41.105", "172.31.41.36", "172.31.41.105"));

    @TempDir
    Path dir;

    private final InProcessCli cli = new InProcessCli();
    private MpirunCommand command;
    private Path home;
    private Path fakeMpirunPath;

    private static Path executable(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** A bundle folder and an mpirun path that --print names but never runs; this node has EFA and is not root. */
    @BeforeEach
    void node() throws IOException {
        home = dir.resolve("ncclkit-0.1.0");
        executable(home.resolve("bin/ncclkit"), "#!/bin/sh\n");
        fakeMpirunPath = executable(dir.resolve("openmpi/bin/mpirun"), "#!/bin/sh\nexit 99\n");
        command = new MpirunCommand();
        command.environment = Map.of("NCCLKIT_HOME", home.toString(), "PATH", fakeMpirunPath.getParent().toString(),
                "LD_LIBRARY_PATH", "/usr/local/cuda/lib64");
        command.efaPresent = () -> true;
        command.hostname = () -> "ip-172-31-41-105";
        command.network = () -> SEED_NETWORK;
        command.freePort = () -> 41234;
        command.token = () -> TOKEN;
        command.runAsRoot = false;
        command.folderExists = Set.of("/opt/amazon/efa/lib", "/opt/amazon/openmpi/lib")::contains;
    }

    private int run(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        commandLine.getCommandSpec().removeSubcommand("mpirun"); // the registered one, for this node's injected facts
        commandLine.addSubcommand(command);
        String[] all = new String[args.length + 1];
        all[0] = "mpirun";
        System.arraycopy(args, 0, all, 1, args.length);
        return cli.run(commandLine, all);
    }

    private Path seedHosts() throws IOException {
        return Files.writeString(dir.resolve("hosts"), "localhost slots=8\n172.31.15.30 slots=8\n172.31.41.36 slots=8\n");
    }

    @Test
    void printShowsTheSeedsCommandForTwoNodesOfEightGpusAndRunsNothing() throws IOException {
        Path hosts = seedHosts();

        int status = run("--hostfile", hosts.toString(), "--nodes", "2", "--gpus-per-node", "8", "--efa",
                "--env", "FI_EFA_TX_MIN_CREDITS=64", "--env", "NCCL_TREE_THRESHOLD=0", "--print",
                "--", "perf", "all_reduce", "-b", "8", "-e", "1G", "-f", "2", "-g", "1", "-c", "1", "-n", "100");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.err()).isEmpty();
        assertThat(cli.out()).isEqualTo(fakeMpirunPath + " \\\n"
                + "    -x FI_PROVIDER=efa \\\n"
                + "    -n 16 \\\n"
                + "    -N 8 \\\n"
                + "    -x NCCL_DEBUG=INFO \\\n"
                + "    -x FI_EFA_TX_MIN_CREDITS=64 \\\n"
                + "    -x NCCL_TREE_THRESHOLD=0 \\\n"
                + "    -x LD_LIBRARY_PATH=/opt/amazon/efa/lib:/opt/amazon/openmpi/lib:/usr/local/cuda/lib64 \\\n"
                + "    -x NCCLKIT_RUN_TOKEN=" + TOKEN + " \\\n"
                + "    -x NCCLKIT_RENDEZVOUS=172.31.41.105:41234 \\\n"
                + "    -x NCCLKIT_HOSTS=localhost,172.31.15.30 \\\n"
                + "    --hostfile " + hosts + " \\\n"
                + "    --mca btl tcp,self \\\n"
                + "    --mca btl_tcp_if_exclude lo,docker0 \\\n"
                + "    --bind-to none \\\n"
                + "    " + home.resolve("bin/ncclkit") + " perf all_reduce -b 8 -e 1G -f 2 -g 1 -c 1 -n 100\n");
    }

    @Test
    void nodesDefaultToAllHostsAndGpusToTheFirstHostsSlots() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "node1 slots=4\nnode2 slots=4\n");

        int status = run("--hostfile", hosts.toString(), "--print", "--", "info");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).contains("    -n 8 \\\n    -N 4 \\\n", "NCCLKIT_RENDEZVOUS=node1:41234");
    }

    @Test
    void ncclkitsOwnOptionsAfterTheSubcommandNeedNoDoubleDash() {
        int status = run("--hosts", "gpu-[001-002]", "--gpus-per-node", "8", "--print", "perf", "all_reduce", "-n", "100",
                "-w", "5");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).contains("    -n 16 \\\n", "    --host gpu-001:8,gpu-002:8 \\\n")
                .endsWith(home.resolve("bin/ncclkit") + " perf all_reduce -n 100 -w 5\n");
    }

    @Test
    void mpirunsOwnSpellingsNpNAndXAreAcceptedBesideNcclkits() throws IOException {
        Map<String, String> environment = new HashMap<>(command.environment);
        environment.put("UCX_TLS", "tcp");
        command.environment = environment;

        int status = run("--hostfile", seedHosts().toString(), "-np", "16", "-N", "8", "-x", "FI_EFA_TX_MIN_CREDITS=64",
                "-x", "UCX_TLS", "--print", "--", "info");

        assertThat(status).as(cli.err()).isZero();
        assertThat(cli.out()).contains("    -n 16 \\\n    -N 8 \\\n", "    -x FI_EFA_TX_MIN_CREDITS=64 \\\n",
                "    -x UCX_TLS=tcp \\\n");
    }

    @Test
    void npFillsWholeNodesOfTheFirstHostsSlots() throws IOException {
        assertThat(run("--hostfile", seedHosts().toString(), "-np", "8", "--print", "--", "info")).isZero();
        assertThat(cli.out()).contains("    -n 8 \\\n    -N 8 \\\n");
    }

    @Test
    void npThatIsNoWholeNumberOfNodesOrTooManyOrAgainstNodesIsAUsageError() throws IOException {
        String hosts = seedHosts().toString();
        assertThat(run("--hostfile", hosts, "-np", "12", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--hostfile", hosts, "-np", "32", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--hostfile", hosts, "-np", "16", "--nodes", "3", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly(
                "ncclkit: error: -np 12 is not a whole number of nodes of 8 ranks (--gpus-per-node, or the first host's slots=)",
                "ncclkit: error: -np 32 needs 4 nodes of 8 ranks, but 3 hosts are given",
                "ncclkit: error: -np 16 is 2 nodes of 8 ranks, not --nodes 3");
    }

    @Test
    void efaFollowsThisNodesDevicesUnlessTold() throws IOException {
        Path hosts = seedHosts();
        command.efaPresent = () -> false;
        assertThat(run("--hostfile", hosts.toString(), "--print", "--", "info")).isZero();
        assertThat(cli.out()).doesNotContain("FI_PROVIDER");

        command = new MpirunCommand(); // a fresh command, as each ncclkit run has
        command.environment = Map.of("NCCLKIT_HOME", home.toString(), "PATH", fakeMpirunPath.getParent().toString());
        command.efaPresent = () -> true;
        command.freePort = () -> 41234;
        cli.clear();
        assertThat(run("--hostfile", hosts.toString(), "--no-efa", "--print", "--", "info")).isZero();
        assertThat(cli.out()).doesNotContain("FI_PROVIDER");
    }

    @Test
    void aRendezvousOptionReplacesTheFirstHostAndFreePort() throws IOException {
        assertThat(run("--hostfile", seedHosts().toString(), "--rendezvous", "10.0.0.5:29400", "--print", "--", "info")).isZero();
        assertThat(cli.out()).contains("-x NCCLKIT_RENDEZVOUS=10.0.0.5:29400 \\");
    }

    @Test
    void withoutHostsItIsAUsageError() {
        assertThat(run("--print", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).startsWith("ncclkit: Error: Missing required argument").contains("--hostfile=FILE", "--hosts=LIST");
    }

    @Test
    void hostfileAndHostsTogetherAreAUsageError() throws IOException {
        assertThat(run("--hostfile", seedHosts().toString(), "--hosts", "n1", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("mutually exclusive");
    }

    @Test
    void moreNodesThanHostsIsAUsageErrorSayingSo() {
        assertThat(run("--hosts", "n1,n2", "--nodes", "3", "--gpus-per-node", "8", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: --nodes 3 asks for more nodes than the 2 hosts given");
    }

    @Test
    void withoutSlotsOrGpusPerNodeItAsksForGpusPerNode() {
        assertThat(run("--hosts", "n1,n2", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: the first host, n1, has no slots=N; pass --gpus-per-node G");
    }

    @Test
    void aBadHostfileLineIsAUsageErrorNamingTheLine() throws IOException {
        Path hosts = Files.writeString(dir.resolve("hosts"), "node1 slots=8\nnode2 slot=8\n");

        assertThat(run("--hostfile", hosts.toString(), "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: " + hosts + " line 2: 'slot=8' is not slots=N or max_slots=N");
    }

    @Test
    void badEnvRendezvousOrANestedLauncherAreUsageErrors() throws IOException {
        String hosts = seedHosts().toString();
        assertThat(run("--hostfile", hosts, "--env", "NCCL_DEBUG", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--hostfile", hosts, "--rendezvous", "node1", "--", "info")).isEqualTo(ExitCodes.USAGE);
        assertThat(run("--hostfile", hosts, "--", "mpirun", "--hosts", "x")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly(
                "ncclkit: error: --env NCCL_DEBUG passes this node's value of NCCL_DEBUG, but it is not set here; give NAME=VALUE",
                "ncclkit: error: --rendezvous: rendezvous address 'node1' is not HOST:PORT",
                "ncclkit: error: each rank runs an ncclkit command such as 'perf all_reduce'; 'mpirun' would launch launchers");
    }

    @Test
    void withoutNcclkitHomeItSaysToRunFromTheBundle() throws IOException {
        command.environment = Map.of("PATH", fakeMpirunPath.getParent().toString());

        assertThat(run("--hostfile", seedHosts().toString(), "--print", "--", "info")).isEqualTo(ExitCodes.INTERNAL);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: NCCLKIT_HOME is not set, so the path of "
                + "bin/ncclkit on the nodes is unknown: run ncclkit from its bundle (bin/ncclkit sets it), or set NCCLKIT_HOME");
    }

    @Test
    void withoutMpirunItSaysWhereItLooked() throws IOException {
        command.environment = Map.of("NCCLKIT_HOME", home.toString(), "PATH", dir.toString());

        assertThat(run("--hostfile", seedHosts().toString(), "--print", "--", "info")).isEqualTo(ExitCodes.INTERNAL);
        assertThat(cli.err()).startsWith("ncclkit: error: no mpirun: /opt/amazon/openmpi/bin/mpirun does not exist");
    }

    private static List<String> ranks(Path record) throws IOException {
        return Files.readAllLines(record).stream().sorted().toList();
    }

    /** A stand-in for bin/ncclkit on the nodes: records what each rank received, then fails with status 3. */
    @Test
    void runsMpirunForRealAndForwardsItsExitStatus() throws Exception {
        String mpirun = InstalledMpirun.pathOrSkip();
        executable(home.resolve("bin/ncclkit"),
                "#!/bin/sh\necho \"$OMPI_COMM_WORLD_RANK $NCCLKIT_RUN_TOKEN $NCCLKIT_RENDEZVOUS $1\" >> \"$3\"\nexit 3\n");
        Path record = dir.resolve("ranks.txt");
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("NCCLKIT_HOME", home.toString());
        MpirunCommand real = new MpirunCommand();
        real.environment = environment;
        command = real;

        int status = run("--hosts", "localhost", "--gpus-per-node", "2", "--mpirun", mpirun, "--", "logs", "verify", record.toString());

        assertThat(status).isEqualTo(3);
        assertThat(cli.err().lines().toList()).startsWith("ncclkit mpirun: rendezvous " + ranks(record).get(0).split(" ")[2]
                + " (every rank runs on this node; --rendezvous ADDRESS:PORT to choose another)");
        assertThat(cli.err().lines().toList().get(1)).startsWith("ncclkit mpirun: " + mpirun + " ");
        List<String> ranks = ranks(record);
        assertThat(ranks).hasSize(2);
        assertThat(ranks.get(0)).matches("0 [0-9a-f]{32} 127.0.0.1:\\d+ logs");
        assertThat(ranks.get(1)).startsWith("1 " + ranks.get(0).split(" ")[1] + " " + ranks.get(0).split(" ")[2] + " ");
    }
}
