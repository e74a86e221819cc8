package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.info.GpuInfo;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.report.Json;
import org.ncclkit.testing.FakeGpus;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/**
 * {@code ncclkit hostfile} with real sshd members on 127.0.0.1; a script named nvidia-smi (or ncclkit) first on a
 * member's PATH stands for its GPUs, and one on the PATH given to the leader's own query stands for the leader's.
 */
class HostfileCommandTest {
    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withSshDir();

    private Path leaderBin;
    private final Map<String, String> environment = new HashMap<>();

    @BeforeEach
    void leaderBinFirstOnPath() throws IOException {
        leaderBin = Files.createDirectories(cluster.leader().resolve("bin"));
        environment.put("PATH", leaderBin + ":/usr/bin:/bin");
        leaderGpus(2);
    }

    private void leaderGpus(int gpus) throws IOException {
        Path program = leaderBin.resolve("nvidia-smi");
        Files.writeString(program, FakeGpus.nvidiaSmi(gpus));
        program.toFile().setExecutable(true);
    }

    record Run(int status, String out, String err) {
    }

    /** A member with this many GPUs that takes the leader's key (set up by ssh-setup, as in real use). */
    private LoopbackSshd.Node member(String name, int gpus) {
        LoopbackSshd.Node node = cluster.sshd().node(name);
        if (gpus > 0) {
            node.installFakeNvidiaSmi(gpus);
        }
        return KeyedMembers.keyed(cluster.sshd(), node, cluster.sshDir());
    }

    private Run hostfile(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        HostfileCommand command = commandLine.getSubcommands().get("hostfile").getCommand();
        command.environment = environment;
        command.hostname = () -> "leader-node.cluster.internal";
        List<String> all = new ArrayList<>(List.of("hostfile", "--ssh-dir", cluster.sshDir().toString()));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        Run run = new Run(cli.run(commandLine, all.toArray(String[]::new)), cli.out(), cli.err());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ").doesNotContain("Exception");
        return run;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    @Test
    void writesTheHostsFileWithTheLeaderFirstByItsHostNameAndEachNodesGpuCount() throws IOException {
        LoopbackSshd.Node a = member("node-a", 2);
        LoopbackSshd.Node b = member("node-b", 2);
        Path hosts = cluster.leader().resolve("hosts");

        Run run = hostfile("--hosts", a.destination() + "," + b.destination(), "-o", hosts.toString());

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(read(hosts)).isEqualTo("leader-node.cluster.internal slots=2\n127.0.0.1 slots=2\n127.0.0.1 slots=2\n");
        assertThat(run.out()).containsPattern("leader-node\\.cluster\\.internal \\(this node\\) +2 +nvidia-smi")
                .containsPattern(java.util.regex.Pattern.quote(a.destination()) + " +2 +nvidia-smi")
                .contains("wrote " + hosts + " (Open MPI): 3 nodes, 6 slots");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void eachFormatWritesItsOwnSyntax() throws IOException {
        LoopbackSshd.Node a = member("node-a", 4);
        leaderGpus(4);

        Run mpich = hostfile("--hosts", a.destination(), "--format", "mpich", "--leader-name", "10.0.0.1", "-o", "-");
        Run deepspeed = hostfile("--hosts", a.destination(), "--format", "deepspeed", "-o", "-");
        Run slurm = hostfile("--hosts", a.destination(), "--format", "slurm", "-o", "-");

        assertThat(mpich.out()).isEqualTo("10.0.0.1:4\n127.0.0.1:4\n");
        assertThat(deepspeed.out()).isEqualTo("leader-node.cluster.internal slots=4\n127.0.0.1 slots=4\n");
        assertThat(slurm.out()).isEqualTo("leader-node,127.0.0.1\n");
        assertThat(mpich.err()).as("with -o -, the report goes to standard error").contains("10.0.0.1 (this node)");
    }

    @Test
    void aNodeWithAnotherGpuCountIsFlaggedAndTheFileStillWritten() throws IOException {
        LoopbackSshd.Node a = member("node-a", 2);
        LoopbackSshd.Node b = member("node-b", 1);
        Path hosts = cluster.leader().resolve("hosts");

        Run run = hostfile("--hosts", a.destination() + "," + b.destination(), "-o", hosts.toString());

        assertThat(run.status()).isZero();
        assertThat(read(hosts)).isEqualTo("leader-node.cluster.internal slots=2\n127.0.0.1 slots=2\n127.0.0.1 slots=1\n");
        assertThat(run.out()).containsPattern(java.util.regex.Pattern.quote(b.destination()) + " +1 +nvidia-smi +DIFFERS: the others have 2");
        assertThat(run.err()).contains("warning: GPU counts differ: " + b.destination() + " has 1 (the others 2)");
    }

    @Test
    void anUnreachableNodeIsAnErrorNamingItAndTheOldFileStaysAsItWas() throws IOException {
        LoopbackSshd.Node a = member("node-a", 2);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path hosts = Files.writeString(cluster.leader().resolve("hosts"), "localhost slots=8\n");

        Run run = hostfile("--hosts", a.destination() + ",ncclkit-test@127.0.0.1:" + closedPort, "-o", hosts.toString());

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("hosts file not written: 1 of 3 nodes could not be asked: ncclkit-test@127.0.0.1:"
                + closedPort + " (connection refused by 127.0.0.1 port " + closedPort);
        assertThat(read(hosts)).isEqualTo("localhost slots=8\n");
        try (var files = Files.list(cluster.leader())) {
            assertThat(files.map(path -> path.getFileName().toString())).as("no temporary file left")
                    .noneMatch(name -> name.startsWith(".hosts."));
        }
    }

    @Test
    void whereOnlyNcclkitIsInstalledItsInfoJsonGivesTheCount() throws IOException {
        LoopbackSshd.Node a = member("node-a", 0);
        NodeInfo info = new NodeInfo("node-a", "580.65.06", "13.0", List.of(
                new GpuInfo(0, "NVIDIA H100 80GB HBM3", "0000:53:00.0", 80L << 30, "9.0", 18, 0L, true),
                new GpuInfo(1, "NVIDIA H100 80GB HBM3", "0000:64:00.0", 80L << 30, "9.0", 18, 0L, true)),
                null, List.of(), List.of(), Map.of(), List.of(), null, Map.of());
        a.installProgram("ncclkit", FakeGpus.ncclkitInfo(Json.write(info)));

        Run run = hostfile("--hosts", a.destination(), "-o", "-");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("leader-node.cluster.internal slots=2\n127.0.0.1 slots=2\n");
        assertThat(run.err()).containsPattern(java.util.regex.Pattern.quote(a.destination()) + " +2 +ncclkit info");
    }

    @Test
    void aNodeWhoseInfoJsonFindsNoGpuIsAnErrorWithItsReason() {
        LoopbackSshd.Node a = member("node-a", 0);
        NodeInfo noDriver = new NodeInfo("node-a", null, null, List.of(), "no NVIDIA driver (libcuda.so.1 not found)",
                List.of(), List.of(), Map.of(), List.of(), null, Map.of());
        a.installProgram("ncclkit", FakeGpus.ncclkitInfo(Json.write(noDriver)));

        Run run = hostfile("--hosts", a.destination(), "-o", "-");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(a.destination() + " (no GPU: no NVIDIA driver (libcuda.so.1 not found) (ncclkit info) "
                + "(--slots N if it has no GPU or driver yet))");
    }

    @Test
    void aNodeWithoutDriverOrToolsIsAnErrorSayingWhatIsMissing() {
        LoopbackSshd.Node broken = member("node-a", 0);
        broken.installProgram("nvidia-smi", FakeGpus.nvidiaSmiWithoutDriver());
        LoopbackSshd.Node bare = member("node-b", 0);

        Run run = hostfile("--hosts", broken.destination() + "," + bare.destination(), "-o", "-");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("nvidia-smi -L failed (exit 9: NVIDIA-SMI has failed because it couldn't communicate "
                + "with the NVIDIA driver");
        assertThat(run.err()).contains(bare.destination() + " (neither nvidia-smi nor ncclkit is on the PATH of a "
                + "non-interactive SSH login (PATH=" + bare.home().resolve("bin") + ":/usr/bin:/bin) (--slots N if it has no GPU "
                + "or driver yet))");
    }

    @Test
    void slotsWritesThatCountForNodesWithoutGpuOrDriverAfterLoggingInToEach() {
        LoopbackSshd.Node broken = member("node-a", 0);
        broken.installProgram("nvidia-smi", FakeGpus.nvidiaSmiWithoutDriver());
        LoopbackSshd.Node bare = member("node-b", 0);

        Run run = hostfile("--hosts", broken.destination() + "," + bare.destination() + ",127.0.0.1:1", "--slots", "4",
                "--timeout", "5", "-o", "-");
        Run reachable = hostfile("--hosts", broken.destination() + "," + bare.destination(), "--slots", "4", "-o", "-");

        assertThat(run.status()).as("a node that cannot be reached is still an error").isEqualTo(1);
        assertThat(run.err()).contains("127.0.0.1:1 (connection refused by 127.0.0.1 port 1");
        assertThat(reachable.status()).as(reachable.err()).isZero();
        assertThat(reachable.out()).isEqualTo("leader-node.cluster.internal slots=4\n127.0.0.1 slots=4\n127.0.0.1 slots=4\n");
        assertThat(reachable.err()).containsPattern(java.util.regex.Pattern.quote(bare.destination()) + " +4 +--slots");
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeAnyNodeIsAsked() {
        Path folder = cluster.leader();

        Run run = hostfile("--hosts", "127.0.0.1:1", "-o", folder.toString());

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).isEqualTo("ncclkit: error: -o " + folder + ": it is a directory; name a file\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void withoutLeaderOnlyTheMembersAreWritten() {
        LoopbackSshd.Node a = member("node-a", 8);

        Run run = hostfile("--hosts", a.destination(), "--no-leader", "-o", "-");

        assertThat(run.status()).isZero();
        assertThat(run.out()).isEqualTo("127.0.0.1 slots=8\n");
    }

    @Test
    void anEntryNamingThisNodeOnPort22IsTheLeaderLine() {
        HostfileCommand command = new HostfileCommand();
        command.hostname = () -> "gpu-01.cluster.internal";
        command.localAddresses = () -> Set.of("172.31.15.30", "0:0:0:0:0:0:0:1");

        assertThat(command.isThisNode(new SshTarget("gpu-01", "me", "gpu-01", 22))).isTrue();
        assertThat(command.isThisNode(new SshTarget("GPU-01.cluster.internal", "me", "GPU-01.cluster.internal", 22))).isTrue();
        assertThat(command.isThisNode(new SshTarget("172.31.15.30", "me", "172.31.15.30", 22))).isTrue();
        assertThat(command.isThisNode(new SshTarget("::1", "me", "::1", 22))).isTrue();
        assertThat(command.isThisNode(new SshTarget("localhost", "me", "localhost", 22))).isTrue();
        assertThat(command.isThisNode(new SshTarget("gpu-02", "me", "gpu-02", 22))).isFalse();
        assertThat(command.isThisNode(new SshTarget("172.31.15.30:2222", "me", "172.31.15.30", 2222)))
                .as("another sshd, even on this machine").isFalse();
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        Run run = hostfile("--hosts", "node1", "--format", "pbs");

        assertThat(run.status()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("--format pbs: use openmpi, mpich, slurm or deepspeed");
    }
}
