package org.ncclkit.validate;

import java.util.ArrayList;
import java.util.List;

import org.ncclkit.check.CheckStep;

/** Turns a finished pair search into evidence against its nodes and the record of its step. */
final class SearchEvidence {
    private SearchEvidence() {
    }

    /**
     * Adds each implicated node's evidence (FAIL for broken tests, SUSPECT for slowness or an unconfirmed suspicion)
     * and returns the step's record; {@code waves} holds each round's wave count.
     */
    static ValidateReport.Step record(String step, PairSearch search, List<Integer> waves, StepContext ctx,
                                      String slowRemedy, String brokenRemedy) {
        List<String> blamed = new ArrayList<>();
        for (PairSearch.Finding f : search.findings()) {
            switch (f.standing()) {
                case BAD -> {
                    NodeVerdict verdict = f.broken() ? NodeVerdict.FAIL : NodeVerdict.SUSPECT;
                    f.evidence().forEach(line -> ctx.verdicts().add(f.name(), new Evidence(step, verdict, line,
                            f.broken() ? brokenRemedy : slowRemedy)));
                    blamed.add(f.name() + " " + verdict);
                }
                case SUSPECT, UNTESTED -> {
                    List<String> lines = f.evidence().isEmpty() ? List.of("never in a pair that completed") : f.evidence();
                    lines.forEach(line -> ctx.verdicts().add(f.name(), new Evidence(step, NodeVerdict.SUSPECT,
                            line + " (not confirmed: the search ran out of rounds or time)", slowRemedy)));
                    blamed.add(f.name() + " SUSPECT (unconfirmed)");
                }
                case GOOD -> { }
            }
        }
        List<PairSearch.Round> rounds = search.rounds();
        List<ValidateReport.Round> json = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            json.add(ValidateReport.round(rounds.get(i), waves.get(i), ctx.nodes()));
        }
        int pairs = rounds.stream().mapToInt(r -> r.pairs().size()).sum();
        List<String> links = search.suspectLinks().stream().map(p -> ctx.nodes().get(p.outcome().pair().low()) + " - "
                + ctx.nodes().get(p.outcome().pair().high()) + " (round " + p.round() + ": " + p.problem() + ")").toList();
        String detail = rounds.size() + " round" + (rounds.size() == 1 ? "" : "s") + ", " + pairs + " pair tests"
                + (rounds.isEmpty() ? "" : Double.isNaN(rounds.getFirst().baselineGBps()) ? ", no pair completed its test"
                        : String.format(", baseline %.3g GB/s", rounds.getFirst().baselineGBps()))
                + (blamed.isEmpty() ? "; every node passed" : "; " + String.join(", ", blamed))
                + (links.isEmpty() ? "" : "; flagged between two good nodes (a link or path, not a node): " + String.join(", ", links));
        return new ValidateReport.Step(step, blamed.isEmpty() ? CheckStep.Outcome.PASS : CheckStep.Outcome.FAIL, detail, json);
    }

    /** The progress line of a round: pairs, waves, how many flagged, and the suspects it leaves. */
    static String roundLine(String step, PairRounds.RoundReport report, PairSearch search) {
        PairSearch.Round r = report.round();
        long flagged = r.pairs().stream().filter(PairSearch.JudgedPair::flagged).count();
        long open = search.findings().stream().filter(f -> f.standing() == Standing.SUSPECT || f.standing() == Standing.UNTESTED).count();
        long bad = search.findings().stream().filter(f -> f.standing() == Standing.BAD).count();
        return String.format("%s round %d (%s): %d pairs%s, %d flagged; %d suspect, %d confirmed", step, r.number(),
                r.retest() ? "retest" : "all nodes", r.pairs().size(), report.waves() > 1 ? " in " + report.waves() + " waves" : "",
                flagged, open, bad);
    }
}
