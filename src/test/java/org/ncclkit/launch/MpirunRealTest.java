package org.ncclkit.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.ncclkit.testing.InstalledMpirun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.rendezvous.RendezvousAddress;

/**
 * Runs the built command through this machine's real Open MPI mpirun (1 node x 2 slots) with a trivial program in
 * place of ncclkit: the options are accepted and the -x variables arrive in every rank.
 */
class MpirunRealTest {
    private static final String TOKEN = RunToken.random();
    private static final RendezvousAddress RENDEZVOUS = new RendezvousAddress("vm", 23456);
    private static final List<String> PRINT_RANK = List.of("-c",
            "echo rank=$OMPI_COMM_WORLD_RANK/$OMPI_COMM_WORLD_SIZE token=$NCCLKIT_RUN_TOKEN "
                    + "rendezvous=$NCCLKIT_RENDEZVOUS provider=$FI_PROVIDER debug=$NCCL_DEBUG proto=$NCCL_PROTO");

    private static String mpirun;

    @TempDir
    Path dir;

    @BeforeAll
    static void findMpirun() {
        mpirun = InstalledMpirun.pathOrSkip();
    }

    private static List<String> run(MpirunLine line) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(line.words()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().sorted().toList();
    }

    private static MpirunLine.Request request(MpirunLine.Hosts hosts) {
        return new MpirunLine.Request(mpirun, "root".equals(System.getProperty("user.name")), hosts, 1, 2, true,
                List.of(EnvSetting.parse("NCCL_PROTO=Simple")), RENDEZVOUS, TOKEN, "/bin/sh", PRINT_RANK);
    }

    private static List<String> expectedLines() {
        String common = " token=" + TOKEN + " rendezvous=vm:23456 provider=efa debug=INFO proto=Simple";
        return List.of("rank=0/2" + common, "rank=1/2" + common);
    }

    @Test
    void hostsGivenAsAListStartTwoRanksThatReceiveEveryVariable() throws Exception {
        MpirunLine line = MpirunLine.build(request(new MpirunLine.HostArguments(HostList.parse("localhost"))),
                Map.of(), folder -> false);

        assertThat(run(line)).isEqualTo(expectedLines());
    }

    @Test
    void aHostfileIsAcceptedAsTheSeedWritesIt() throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "localhost slots=2 # this machine\n");
        MpirunLine line = MpirunLine.build(request(new MpirunLine.Hostfile(hosts.toString(),
                HostList.readOpenMpiHostfile(hosts))), Map.of(), folder -> false);

        assertThat(run(line)).isEqualTo(expectedLines());
    }
}
