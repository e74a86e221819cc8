package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.ncclkit.bench.Corruption;
import org.ncclkit.testing.ChildProcess;
import org.ncclkit.testing.GpuTest;

/**
 * perf's checks on several ranks ({@code run -np 4 --simulate-nodes 4}: every rank a node of its own on GPU 0): every
 * type and operation checks clean, and each kind of corruption of {@code --corrupt-for-test} is caught (exit 7).
 */
@GpuTest
class PerfVerificationGpuTest {

    @ParameterizedTest
    @CsvSource({"all, sum", "all, mulsum", "all, prod", "all, max", "all, min", "int8, all", "uint8, all", "int64, all",
            "half, all", "bfloat16, all", "float, all", "double, all"})
    void everyTypeAndOperationChecksCleanOnFourRanks(String type, String op) {
        ChildProcess run = perf("all_reduce", "-b", "1K", "-e", "256K", "-f", "4", "-n", "2", "-d", type, "-o", op);
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("# Out of bounds values : 0 OK");
    }

    @ParameterizedTest
    @EnumSource(Corruption.class)
    void eachCorruptionIsCaughtAndExitsSeven(Corruption kind) {
        String collective = kind == Corruption.NONROOT ? "reduce" : "all_gather";
        ChildProcess run = perf(collective, "-b", "64K", "-e", "64K", "-n", "2", "-d", "float",
                "--corrupt-for-test=" + kind.label());
        assertThat(run.status()).as(run.out() + run.err()).isEqualTo(ExitCodes.WRONG_RESULT);
        assertThat(run.out()).contains("# Out of bounds values : 1 FAILED");
    }

    private static ChildProcess perf(String... args) {
        List<String> command = new ArrayList<>(List.of("run", "-np", "4", "--simulate-nodes", "4", "perf"));
        command.addAll(List.of(args));
        return ChildProcess.run(ChildProcess.ncclkit(command.toArray(String[]::new)), Duration.ofSeconds(300));
    }
}
