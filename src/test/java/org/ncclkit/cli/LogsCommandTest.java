package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.report.Json;

import tools.jackson.databind.JsonNode;

/** {@code ncclkit logs verify} on the real logs under {@code src/test/resources/org/ncclkit/logs/}. */
class LogsCommandTest {
    private final InProcessCli cli = new InProcessCli();

    private static String fixture(String name) {
        try {
            return Path.of(LogsCommandTest.class.getResource("/org/ncclkit/logs/" + name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void efaLogPassesWithStatusZero() {
        int status = cli.run("logs", "verify", "--expect", "efa", fixture("efa-libfabric-gdrdma-p4d-2.27.3.log"));

        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("Verdict     PASS: NCCL used NET/Libfabric with provider efa");
        assertThat(cli.err()).isEmpty();
    }

    @Test
    void socketFallbackFailsWithTheWrongResultStatus() {
        int status = cli.run("logs", "verify", "--expect", "efa", fixture("socket-fallback-no-plugin-2.18.3.log"));

        assertThat(status).isEqualTo(ExitCodes.WRONG_RESULT).isEqualTo(7);
        assertThat(cli.out()).contains("FAIL  expected EFA but NCCL used NET/Socket");
    }

    @Test
    void gdrdmaCanBeRequired() {
        String g5 = fixture("efa-no-gdrdma-g5-pytorch-2.23.4.log");

        assertThat(cli.run("logs", "verify", "--expect", "efa", g5)).isEqualTo(ExitCodes.OK);
        assertThat(cli.run("logs", "verify", "--expect", "efa", "--require-gdrdma", g5)).isEqualTo(ExitCodes.WRONG_RESULT);
    }

    @Test
    void jsonHasTheVerdictProblemsHostsAndProcesses() {
        int status = cli.run("logs", "verify", "--expect", "efa", "--json", fixture("socket-fallback-no-plugin-2.18.3.log"));

        assertThat(status).isEqualTo(ExitCodes.WRONG_RESULT);
        JsonNode json = Json.MAPPER.readTree(cli.out());
        assertThat(json.get("verdict").asString()).isEqualTo("FAIL");
        assertThat(json.get("expected").asString()).isEqualTo("efa");
        assertThat(json.get("problems").values()).extracting(p -> p.get("check").asString()).containsExactly("INIT_FAILED", "WRONG_NETWORK");
        assertThat(json.get("problems").get(1).get("remediation").asString()).startsWith("the plugin libnccl-net.so was not found");
        assertThat(json.get("hosts").get(0).get("host").asString()).isEqualTo("ubuntu");
        assertThat(json.get("processes").values()).extracting(p -> p.get("id").asString()).containsExactly("ubuntu:9621", "ubuntu:39964");
        assertThat(json.get("nccl_versions").get(0).asString()).isEqualTo("2.18.3+cuda12.2");
    }

    @Test
    void dashReadsStandardInput() throws Exception {
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(Files.readAllBytes(Path.of(fixture("ib-roce-2.19.3.log")))));
            int status = cli.run("logs", "verify", "--expect", "ib", "-");

            assertThat(status).isEqualTo(ExitCodes.OK);
            assertThat(cli.out()).startsWith("Log         -: 15 lines, 13 from NCCL, 2 processes on 2 hosts");
        } finally {
            System.setIn(saved);
        }
    }

    @Test
    void bytesThatAreNotUtf8DoNotStopTheParse(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("latin1.log");
        byte[] line = "dgxh100-4:460770:460842 [0] NCCL INFO Using network IB\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] bytes = new byte[line.length + 2];
        bytes[0] = (byte) 0xff;
        bytes[1] = '\n';
        System.arraycopy(line, 0, bytes, 2, line.length);
        Files.write(log, bytes);

        assertThat(cli.run("logs", "verify", "--expect", "ib", log.toString())).isEqualTo(ExitCodes.OK);
    }

    @Test
    void missingFileIsOneLineAndTheUsageStatus() {
        int status = cli.run("logs", "verify", "/no/such/nccl.log");

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("ncclkit: error: cannot read /no/such/nccl.log: folder /no/such does not exist" + System.lineSeparator());
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void directoryIsRefusedLikeAMissingFile(@TempDir Path dir) {
        assertThat(cli.run("logs", "verify", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("it is a directory");
    }

    @Test
    void unknownExpectationIsAUsageError() {
        int status = cli.run("logs", "verify", "--expect", "roce", fixture("ib-roce-2.19.3.log"));

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("ncclkit: error: --expect must be one of efa, ib, socket, auto, not 'roce'" + System.lineSeparator());
    }

    @Test
    void missingFileArgumentIsAUsageError() {
        assertThat(cli.run("logs", "verify")).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).contains("Missing required parameter: 'FILE'");
    }

    @Test
    void logsWithoutSubcommandPrintsItsUsage() {
        assertThat(cli.run("logs")).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("verify");
    }

    @Test
    void devZeroEndsAtOnceAsNotATextLog() {
        int status = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> cli.run("logs", "verify", "/dev/zero"));

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).isEqualTo("ncclkit: error: /dev/zero is not a text log: 65536 of its first 65536 bytes are "
                + "NUL or control characters" + System.lineSeparator());
    }

    @Test
    void transfersThatCompletedWithErrorAreAFailNotAPlainPass(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("efa-with-errors.log");
        String healthy = Files.readString(Path.of(fixture("efa-libfabric-gdrdma-p4d-2.27.3.log")));
        String host = healthy.lines().filter(line -> line.contains(" NCCL INFO ")).findFirst().orElseThrow().split(" ")[0];
        StringBuilder errors = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            // aws-ofi-nccl rdma.cpp's NCCL_OFI_WARN, as a failing EFA path writes it
            errors.append(host).append(" [0] NCCL WARN NET/OFI Request 0x7f3c2c0").append(i)
                    .append(" completed with error. RC: 103. Error: 4126 (Unresponsive receiver (reachable by EFA device but "
                            + "handshake failed)). Completed length: 0, Request: { dev: 0, size: 0, state: CREATED, type: SEND }\n");
        }
        Files.writeString(log, healthy + errors);

        int status = cli.run("logs", "verify", "--expect", "efa", log.toString());

        assertThat(status).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(cli.out()).contains("Verdict     FAIL", "500 NET/OFI requests completed with error on 1 process",
                "first: NET/OFI Request 0x7f3c2c00 completed with error. RC: 103.");
    }

    /** Two hundred thousand host names in a heap of 48 MiB, where a state per host would need gigabytes. */
    @Test
    void aLogOfTwoHundredThousandHostsFitsInASmallHeapAndGivesAShortReport(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("many-hosts.log");
        try (var out = Files.newBufferedWriter(log)) {
            for (int i = 0; i < 200_000; i++) {
                out.write("node" + i + ":" + (1000 + i % 7) + ":" + (2000 + i % 7) + " [0] NCCL INFO Using network Socket\n");
            }
        }
        java.util.List<String> command = new java.util.ArrayList<>(org.ncclkit.testing.ChildProcess.ncclkit("logs", "verify", log.toString()));
        command.add(1, "-Xmx48m");

        org.ncclkit.testing.ChildProcess run = org.ncclkit.testing.ChildProcess.run(command, java.time.Duration.ofSeconds(20));

        assertThat(run.status()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines().count()).isLessThan(60);
        assertThat(run.out()).contains("more hosts, by network: NET/Socket on", "the log names more than 16384 processes");
    }
}
