package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.CheckStep.Outcome;

class CheckSummaryTest {

    @Test
    void everyStepPassedOrSkippedIsAPass() {
        String text = CheckSummary.render(List.of(
                new CheckStep("plugin", Outcome.SKIPPED, "no NET plugin (libnccl-net.so not found)"),
                new CheckStep("p2p", Outcome.PASS, "6 pairs, no slow pair, no wrong data"),
                new CheckStep("log", Outcome.PASS, "NCCL 2.28.9 log: PASS: NCCL used NET/Socket")));

        assertThat(text).isEqualTo("""
                # ncclkit check summary
                #   plugin  SKIPPED  no NET plugin (libnccl-net.so not found)
                #   p2p     PASS     6 pairs, no slow pair, no wrong data
                #   log     PASS     NCCL 2.28.9 log: PASS: NCCL used NET/Socket
                # check passed
                """);
    }

    @Test
    void theVerdictNamesEveryFailedStep() {
        String text = CheckSummary.render(List.of(
                new CheckStep("plugin", Outcome.FAIL, "wrong data after 3 messages"),
                new CheckStep("p2p", Outcome.PASS, "1 pair"),
                new CheckStep("log", Outcome.FAIL, "expected EFA")));

        assertThat(text).endsWith("# check FAILED: plugin, log\n");
    }
}
