package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ncclkit.check.CheckStep;

/**
 * What the leader of {@code validate --hostfile} adds to rank 0's report: the nodes under the names of the hostfile
 * (rank i ran on the i-th reachable host, whatever it calls itself), the hosts that SSH could not reach or where
 * {@code ncclkit info} did not run, as FAIL nodes, and the verdict and exit status over all of them.
 */
public final class LeaderMerge {
    /** A host of the hostfile that took no part in the run, and why. */
    public record Lost(String host, String reason) {
    }

    private LeaderMerge() {
    }

    /** {@code names.get(n)}: the hostfile's name for the node rank 0 called {@code n}. */
    public static ValidateReport merge(ValidateReport ranks, Map<String, String> names, List<Lost> lost,
                                       ValidateReport.Step reach) {
        List<ValidateReport.Node> nodes = new ArrayList<>();
        for (ValidateReport.Node n : ranks.nodes()) {
            nodes.add(new ValidateReport.Node(rename(n.name(), names), n.rank(), n.group(), n.verdict(),
                    n.evidence().stream().map(e -> new Evidence(e.step(), e.verdict(), rename(e.line(), names), e.remediation())).toList(),
                    n.remediation(), n.software()));
        }
        for (Lost l : lost) {
            String remedy = "bring the node back (is it up, does sshd answer, was 'ncclkit ssh-setup' run, is the bundle at "
                    + "the same path: 'ncclkit deploy') or leave it out";
            nodes.add(new ValidateReport.Node(l.host(), -1, "", NodeVerdict.FAIL,
                    List.of(new Evidence(reach.name(), NodeVerdict.FAIL, l.reason(), remedy)), remedy, Map.of()));
        }
        List<ValidateReport.Step> steps = new ArrayList<>();
        steps.add(reach);
        for (ValidateReport.Step s : ranks.steps()) {
            steps.add(new ValidateReport.Step(s.name(), s.outcome(), rename(s.detail(), names), s.rounds().stream()
                    .map(r -> new ValidateReport.Round(r.number(), r.retest(), r.waves(), r.baselineGbps(), r.baselineUs(),
                            r.pairs().stream().map(p -> new ValidateReport.Pair(rename(p.low(), names), rename(p.high(), names),
                                    p.lowToHighGbps(), p.highToLowGbps(), p.latencyUs(), p.wrong(), p.error(),
                                    rename(p.problem(), names))).toList())).toList()));
        }
        List<String> excluded = nodes.stream().filter(n -> n.verdict() != NodeVerdict.PASS).map(ValidateReport.Node::name).toList();
        boolean stepsPassed = steps.stream().noneMatch(s -> s.outcome() == CheckStep.Outcome.FAIL);
        int status = ranks.exitStatus() != 0 ? ranks.exitStatus() : excluded.isEmpty() && stepsPassed ? 0 : 7;
        return new ValidateReport(ranks.schema(), ranks.ncclkitVersion(), ranks.started(), ranks.seconds(),
                ranks.budgetSeconds(), "hosts", nodes, steps, ranks.busbw(), excluded, status);
    }

    /** A report for when no host could take part: every host FAIL. */
    public static ValidateReport nobody(String version, String started, double seconds, double budget, List<Lost> lost,
                                        ValidateReport.Step reach) {
        ValidateReport empty = new ValidateReport(ValidateReport.SCHEMA, version, started, seconds, budget, "hosts",
                List.of(), List.of(), List.of(), List.of(), 0);
        return merge(empty, Map.of(), lost, reach);
    }

    /** {@code text} with every rank's own node name replaced by the hostfile's, longest names first. */
    private static String rename(String text, Map<String, String> names) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (var e : names.entrySet().stream().sorted((a, b) -> b.getKey().length() - a.getKey().length()).toList()) {
            if (!e.getKey().equals(e.getValue())) {
                result = result.replace(e.getKey(), e.getValue());
            }
        }
        return result;
    }
}
