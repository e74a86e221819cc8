package org.ncclkit.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.CheckStep;
import org.ncclkit.testing.RecordedNodes;

class InventoryStepTest {
    private static final String P5 = RecordedNodes.document("p5-node");
    private final StringWriter out = new StringWriter();

    private StepContext context(List<String> nodes) {
        return new StepContext(Optional.empty(), nodes, nodes.stream().map(n -> "").toList(),
                Deadline.after(java.time.Duration.ofMinutes(1)), new PrintWriter(out), new PrintWriter(new StringWriter()));
    }

    @Test
    void theNodeWithAnotherDriverIsSuspectWithBothValuesAndTheOthersPass() {
        Map<String, String> inventories = new LinkedHashMap<>();
        for (String node : List.of("a", "b", "c", "d")) {
            inventories.put(node, node.equals("c") ? P5.replace("\"580.65.06\"", "\"570.133.20\"") : P5);
        }
        StepContext ctx = context(List.copyOf(inventories.keySet()));

        InventoryStep.judge(ctx, inventories);

        assertThat(ctx.verdicts().withVerdict(NodeVerdict.SUSPECT)).containsExactly("c");
        assertThat(ctx.verdicts().evidence("c")).singleElement().satisfies(e -> assertThat(e.line())
                .contains("570.133.20", "580.65.06"));
        assertThat(ctx.steps()).singleElement().satisfies(s -> {
            assertThat(s.outcome()).isEqualTo(CheckStep.Outcome.FAIL);
            assertThat(s.detail()).isEqualTo("4 inventories; 1 node(s) differ from the majority");
        });
    }

    @Test
    void alikeNodesPassTheStep() {
        Map<String, String> inventories = new LinkedHashMap<>(Map.of("a", P5, "b", P5, "c", P5));
        StepContext ctx = context(List.copyOf(inventories.keySet()));

        InventoryStep.judge(ctx, inventories);

        assertThat(ctx.verdicts().allPass()).isTrue();
        assertThat(ctx.steps().getFirst().outcome()).isEqualTo(CheckStep.Outcome.PASS);
    }
}
