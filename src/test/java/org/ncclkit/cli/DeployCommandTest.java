package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ncclkit.testing.Commands;
import org.ncclkit.testing.LoopbackCluster;
import org.ncclkit.testing.LoopbackSshd;

import picocli.CommandLine;

/**
 * {@code ncclkit deploy} against a real sshd member with its own home: the bundle (a stand-in whose bin/ncclkit answers
 * --version and info as a CPU node's does) goes over SFTP, is unpacked into place, and is left alone when current.
 */
class DeployCommandTest {
    private static final String VERSION = "0.1.0-deploytest";

    @RegisterExtension
    final LoopbackCluster cluster = LoopbackCluster.withSshDir();

    private final Map<String, String> environment = new HashMap<>(System.getenv());
    private Path bundle;
    private LoopbackSshd.Node node;

    @BeforeEach
    void leaderBundleAndMember() throws IOException {
        bundle = cluster.leader().resolve("ncclkit-0.1.0");
        Files.createDirectories(bundle.resolve("lib"));
        Files.writeString(bundle.resolve("lib/payload.bin"), "x".repeat(100_000));
        writeLauncher(bundle.resolve("bin/ncclkit"), VERSION);
        environment.put("NCCLKIT_HOME", bundle.toString());
        node = KeyedMembers.keyed(cluster.sshd(), cluster.sshd().node("node-a"), cluster.sshDir());
    }

    @AfterEach
    void noRootOwnedLeftovers() throws IOException {
        Path locked = node.home().resolve("locked");
        if (Files.exists(locked)) {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** A bin/ncclkit that prints its version and, for info, says there is no GPU with exit 5, as on a CPU node. */
    private static void writeLauncher(Path file, String version) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\ncase \"$1\" in\n  --version) echo 'ncclkit " + version + "';;\n"
                + "  info) echo 'GPUs          none: no CUDA driver'; exit 5;;\nesac\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    record Run(int status, String out, String err) {
    }

    private Run deploy(String... args) {
        CommandLine commandLine = Main.newCommandLine();
        DeployCommand command = commandLine.getSubcommands().get("deploy").getCommand();
        command.environment = environment;
        command.version = () -> VERSION;
        List<String> all = new java.util.ArrayList<>(List.of("deploy", "--ssh-dir", cluster.sshDir().toString()));
        all.addAll(List.of(args));
        InProcessCli cli = new InProcessCli();
        Run run = new Run(cli.run(commandLine, all.toArray(String[]::new)), cli.out(), cli.err());
        assertThat(run.out() + run.err()).as("no stack trace").doesNotContain("\tat ", "Exception");
        return run;
    }

    private static List<String> leftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(".ncclkit-deploy")).toList();
        }
    }

    @Test
    void copiesTheBundleWhereItIsMissingThenLeavesItAloneAndReportsACpuNodeAsNoGpu() throws IOException {
        Path target = node.home().resolve("opt/ncclkit-0.1.0");

        Run first = deploy("--hosts", node.destination(), "--path", target.toString());
        Run second = deploy("--hosts", node.destination(), "--path", target.toString());

        assertThat(first.status()).as(first.out()).isZero();
        assertThat(first.out()).containsPattern(java.util.regex.Pattern.quote(node.destination())
                        + " +none +copied \\d+\\.\\d MB +no GPU \\(exit 5\\)")
                .contains("ready: 1 of 1 nodes (1 copied, 0 up to date, 1 without GPU)");
        assertThat(Files.readString(target.resolve("lib/payload.bin"))).isEqualTo("x".repeat(100_000));
        assertThat(Files.readString(target.resolve("bin/ncclkit"))).isEqualTo(Files.readString(bundle.resolve("bin/ncclkit")));
        assertThat(leftovers(target.getParent())).isEmpty();
        assertThat(second.status()).isZero();
        assertThat(second.out()).containsPattern("ncclkit " + VERSION + " +up to date +no GPU \\(exit 5\\)");
    }

    @Test
    void anotherVersionIsReplacedWhole() throws IOException {
        Path target = node.home().resolve("ncclkit-old");
        writeLauncher(target.resolve("bin/ncclkit"), "0.0.9");
        Files.writeString(target.resolve("stale-file"), "from 0.0.9");
        Commands.run("chown", "-R", LoopbackSshd.USER, target.toString());

        Run run = deploy("--hosts", node.destination(), "--path", target.toString());

        assertThat(run.status()).as(run.out()).isZero();
        assertThat(run.out()).contains("ncclkit 0.0.9").containsPattern("copied \\d+\\.\\d MB");
        assertThat(target.resolve("stale-file")).doesNotExist();
        assertThat(Files.readString(target.resolve("bin/ncclkit"))).contains(VERSION);
    }

    @Test
    void aFolderTheNodeCannotWriteFailsThatNodeAndLeavesItsOldBundleWhole() throws IOException {
        Path locked = node.home().resolve("locked");
        Path target = locked.resolve("ncclkit");
        writeLauncher(target.resolve("bin/ncclkit"), "0.0.9");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-xr-xr-x")); // root's, and not writable

        Run run = deploy("--hosts", node.destination() + ",127.0.0.1:1", "--path", target.toString(), "--timeout", "30");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).contains("copy FAILED (old bundle kept)", "over SFTP failed",
                "connection refused by 127.0.0.1 port 1", "2 of 2 nodes failed");
        assertThat(Files.readString(target.resolve("bin/ncclkit"))).contains("0.0.9");
        assertThat(leftovers(locked)).isEmpty();
    }
}
