package org.ncclkit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.CheckStep;

class LeaderMergeTest {
    private static final ValidateReport.Step REACH = new ValidateReport.Step("reach", CheckStep.Outcome.FAIL, "2 of 3", List.of());

    private static ValidateReport ranks(NodeVerdict second, int status) {
        Evidence slow = new Evidence("p2p", NodeVerdict.SUSPECT, "round 2: with good node ip-10-0-0-1: slow", "check it");
        return new ValidateReport(ValidateReport.SCHEMA, "dev", "2026-12-07T16:00:00Z", 1, 60, "ranks",
                List.of(new ValidateReport.Node("ip-10-0-0-1", 0, "", NodeVerdict.PASS, List.of(), "", Map.of()),
                        new ValidateReport.Node("ip-10-0-0-2", 1, "", second, second == NodeVerdict.PASS ? List.of() : List.of(slow),
                                second == NodeVerdict.PASS ? "" : "check it", Map.of())),
                List.of(new ValidateReport.Step("p2p", CheckStep.Outcome.PASS, "every node passed", List.of(new ValidateReport.Round(1,
                        false, 1, 10, 5.0, List.of(new ValidateReport.Pair("ip-10-0-0-1", "ip-10-0-0-2", 10, 10, 5.0, 0, null, "")))))),
                List.of(), List.of(), status);
    }

    private static final Map<String, String> NAMES = Map.of("ip-10-0-0-1", "node01", "ip-10-0-0-2", "node02");

    @Test
    void nodesTakeTheHostfileNamesEverywhereAndTheLostHostFails() {
        ValidateReport merged = LeaderMerge.merge(ranks(NodeVerdict.SUSPECT, 7), NAMES,
                List.of(new LeaderMerge.Lost("node03", "unreachable over SSH: connection refused")), REACH);

        assertThat(merged.nodes()).extracting(ValidateReport.Node::name).containsExactly("node01", "node02", "node03");
        assertThat(merged.nodes().get(1).evidence().getFirst().line()).isEqualTo("round 2: with good node node01: slow");
        assertThat(merged.nodes().get(2).verdict()).isEqualTo(NodeVerdict.FAIL);
        assertThat(merged.nodes().get(2).rank()).isEqualTo(-1);
        assertThat(merged.steps().getFirst().name()).isEqualTo("reach");
        assertThat(merged.steps().get(1).rounds().getFirst().pairs().getFirst().low()).isEqualTo("node01");
        assertThat(merged.excluded()).containsExactly("node02", "node03");
        assertThat(merged.exitStatus()).isEqualTo(7);
        assertThat(merged.mode()).isEqualTo("hosts");
    }

    @Test
    void aLostHostFailsARunWhoseRanksAllPassed() {
        ValidateReport merged = LeaderMerge.merge(ranks(NodeVerdict.PASS, 0), NAMES,
                List.of(new LeaderMerge.Lost("node03", "no inventory")), REACH);

        assertThat(merged.exitStatus()).isEqualTo(7);
        assertThat(merged.excluded()).containsExactly("node03");
    }

    @Test
    void everyHostReachedAndPassingExitsZero() {
        ValidateReport.Step reached = new ValidateReport.Step("reach", CheckStep.Outcome.PASS, "2 of 2", List.of());

        assertThat(LeaderMerge.merge(ranks(NodeVerdict.PASS, 0), NAMES, List.of(), reached).exitStatus()).isZero();
    }
}
