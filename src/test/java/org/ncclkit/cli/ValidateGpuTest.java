package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.launch.ShellWords;
import org.ncclkit.report.Json;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuTest;
import org.ncclkit.testing.InstalledMpirun;
import org.ncclkit.validate.ValidateReport;

/**
 * {@code validate} with its GPU steps: 4 simulated nodes on GPU 0 (best under MPS), the p2p search and the
 * collectives for real; then the same 4 through mpirun with rank 2 held to one CPU, as a node with a broken CPU
 * binding, which must be the only node not to pass.
 */
@GpuTest
class ValidateGpuTest {
    @TempDir
    Path dir;

    private ValidateReport report() throws Exception {
        return Json.MAPPER.readValue(Files.readString(dir.resolve("v.json")), ValidateReport.class);
    }

    @Test
    void fourSimulatedNodesOnOneGpuPassEveryStepThatCanRun() throws Exception {
        ChildProcess run = ChildProcess.run(ChildProcess.ncclkit("run", "-np", "4", "--simulate-nodes", "4", "validate",
                "--budget", "1m", "--json-file", dir.resolve("v.json").toString()), Duration.ofSeconds(300));

        assertThat(run.status()).as(run.out() + run.err()).isZero();
        ValidateReport report = report();
        assertThat(report.nodes()).allSatisfy(n -> assertThat(n.verdict()).hasToString("PASS"));
        ValidateReport.Step p2p = report.steps().stream().filter(s -> s.name().equals("p2p")).findFirst().orElseThrow();
        assertThat(p2p.outcome()).hasToString("PASS");
        assertThat(p2p.rounds().getFirst().pairs()).hasSize(2)
                .allSatisfy(p -> assertThat(p.wrong()).isZero())
                .allSatisfy(p -> assertThat(p.lowToHighGbps()).isPositive());
        assertThat(report.busbw()).extracting(ValidateReport.Busbw::collective)
                .containsExactly("all_reduce", "all_gather", "reduce_scatter", "alltoall");
        assertThat(report.busbw()).allSatisfy(b -> assertThat(b.wrong()).isZero()).allSatisfy(b -> assertThat(b.busbwGbps()).isPositive());
    }

    @Test
    void theNodeHeldToOneCpuIsTheOnlySuspect() throws Exception {
        String validate = ShellWords.join(ChildProcess.ncclkit("validate", "--budget", "1m", "--json-file", dir.resolve("v.json").toString()));
        List<String> command = new ArrayList<>(List.of(InstalledMpirun.pathOrSkip(), "--oversubscribe", "-np", "4", "--bind-to", "none"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--allow-run-as-root");
        }
        command.addAll(List.of("sh", "-c", "export NCCL_HOSTID=node$OMPI_COMM_WORLD_RANK; if [ \"$OMPI_COMM_WORLD_RANK\" = 2 ]; "
                + "then exec taskset -c 2 " + validate + "; else exec " + validate + "; fi"));

        ChildProcess run = ChildProcess.run(command, Duration.ofSeconds(300));

        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        ValidateReport report = report();
        assertThat(report.nodes()).extracting(n -> n.verdict().toString()).containsExactly("PASS", "PASS", "SUSPECT", "PASS");
        assertThat(report.nodes().get(2).evidence()).anyMatch(e -> e.step().equals("p2p") && e.line().startsWith("round 3: with good node"));
        assertThat(run.err()).contains("rank 2 may use only 1 CPU");
    }
}
