package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad inputs a new user gives, on every command: each ends with one line that says what failed and why, and the
 * documented status (6 for usage errors), before anything is launched, written or asked of a node.
 */
class BadInputsTest {
    @TempDir
    static Path dir;

    /** {@code {args...}, status, fragment of the one error line}; DIR, BINARY and MISSING stand for paths made below. */
    static Stream<Object[]> badInputs() {
        return Stream.of(
                row(6, "'frobnicate' is not an ncclkit command", "slurm", "--", "frobnicate"),
                row(6, "the ranks' command 'perf all_reduce -b 1X': Invalid value for option '--minbytes'", "slurm", "--", "perf", "all_reduce", "-b", "1X"),
                row(6, "-J MISSING/x.json: folder MISSING does not exist", "slurm", "--", "perf", "all_reduce", "-J", "MISSING/x.json"),
                row(6, "--csv DIR: it is a directory", "slurm", "--", "perf", "all_reduce", "--csv", "DIR"),
                row(6, "--kill-rank 7: this run has 4 ranks, 0 to 3", "slurm", "--nodes", "1", "--gpus-per-node", "4", "--", "selftest", "--kill-rank", "7"),
                row(6, "--fail-rank -1: this run has 2 ranks, 0 to 1", "run", "-np", "2", "selftest", "--fail-rank", "-1"),
                row(6, "-np 100000: 100000 ranks do not fit on this node", "run", "-np", "100000", "selftest"),
                row(6, "'frobnicate' is not an ncclkit command", "run", "-np", "2", "frobnicate"),
                row(6, "asks for help: run ncclkit perf --help here", "mpirun", "--hosts", "h1", "--gpus-per-node", "2", "--", "perf", "--help"),
                row(6, "-o DIR: it is a directory; name a file", "slurm", "-o", "DIR", "--", "selftest"),
                row(6, "hosts file MISSING/hosts: folder MISSING does not exist", "mpirun", "--hostfile", "MISSING/hosts", "--", "selftest"),
                row(6, "hosts file DIR: it is a directory, not a file", "mpirun", "--hostfile", "DIR", "--", "selftest"),
                row(6, "cannot read hosts file BINARY: not a text file (bytes that are not UTF-8)", "mpirun", "--hostfile", "BINARY", "--", "selftest"),
                row(6, "--mpirun DIR is not an executable file", "mpirun", "--hosts", "h1", "--gpus-per-node", "1", "--mpirun", "DIR", "--", "selftest"),
                row(6, "--hosts: hosts file DIR: it is a directory, not a file", "hostfile", "--hosts", "DIR"),
                row(6, "--hosts: cannot read hosts file BINARY: not a text file", "exec", "--hosts", "BINARY", "--", "true"),
                row(6, "--ssh-dir BINARY: it is a file, not a folder", "exec", "--hosts", "h1", "--ssh-dir", "BINARY", "--", "true"),
                row(6, "--ssh-dir MISSING: no such folder", "monitor", "--hosts", "h1", "--ssh-dir", "MISSING"),
                row(6, "--key DIR: it is a directory", "ssh-setup", "--hosts", "h1", "--key", "DIR"),
                row(6, "--key MISSING/id_ed25519: folder MISSING does not exist", "ssh-setup", "--hosts", "h1", "--key", "MISSING/id_ed25519"),
                row(6, "--path relative/x: give an absolute folder path", "deploy", "--hosts", "h1", "--path", "relative/x"),
                row(6, "--host-check-timeout 0.0 is not a number of seconds", "mpirun", "--hosts", "h1", "--gpus-per-node", "1", "--mpirun", "/bin/true", "--host-check-timeout", "0", "--", "selftest"),
                row(6, "cannot read DIR: it is a directory, not a file", "logs", "verify", "DIR"),
                row(6, "cannot read MISSING/nccl.log: folder MISSING does not exist", "logs", "verify", "MISSING/nccl.log"),
                row(6, "BINARY is not a text log", "logs", "verify", "BINARY"),
                row(6, "--replay cannot read the recording DIR: it is a directory", "monitor", "--replay", "DIR"),
                row(6, "--replay cannot read the recording BINARY: not a text file", "monitor", "--replay", "BINARY"),
                row(6, "Invalid value for option '-np': 'abc' is not an int", "run", "-np", "abc", "selftest"));
    }

    private static Object[] row(int status, String fragment, String... args) {
        return new Object[] {List.of(args), status, fragment};
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badInputs")
    void aBadInputGivesOneLineSayingWhatAndWhyAndItsStatus(List<String> args, int status, String fragment) throws IOException {
        Path binary = dir.resolve("binary.dat");
        Files.write(binary, new byte[] {0, 1, (byte) 0xff, (byte) 0xfe, 0, 0, 0, 2});
        InProcessCli cli = new InProcessCli();

        int got = cli.run(args.stream().map(this::path).toArray(String[]::new));

        assertThat(got).as(cli.err()).isEqualTo(status);
        assertThat(cli.err()).contains(path(fragment)).doesNotContain("Exception", "\tat ");
        assertThat(cli.err().lines().filter(line -> line.startsWith("ncclkit: ")).count()).as(cli.err()).isEqualTo(1);
        assertThat(cli.out()).isEmpty();
    }

    private String path(String text) {
        return text.replace("MISSING", dir.resolve("missing").toString()).replace("BINARY", dir.resolve("binary.dat").toString())
                .replace("DIR", dir.toString());
    }
}
