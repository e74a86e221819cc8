package org.ncclkit.logs;

import java.util.List;
import java.util.stream.Collectors;

import org.ncclkit.logs.Problem.Check;
import org.ncclkit.logs.Problem.Severity;

/**
 * The verdict on the NCCL log of a run that ncclkit captured itself, in a few lines for standard error: the verdict
 * with what NCCL used and what was expected, then each problem with its fix. A run whose ranks all completed init on
 * one host without a NET connection moved no data over a network: that is said in one line and passes, with the
 * network NCCL chose for other hosts and, as warnings, what is wrong with that choice. A log without NCCL lines says
 * nothing about the network (the capture failed) and is not checked.
 *
 * @param pass   false only when the log shows that the run did not use the expected network, or NCCL failed
 * @param text   the lines, each starting with {@code ncclkit: }
 */
public record ShortVerdict(boolean pass, String text) {
    private static final String PREFIX = "ncclkit: ";
    /** Rules about the network NCCL chose, which still matter for a run that used none. */
    private static final List<Check> CHOICE = List.of(Check.WRONG_NETWORK, Check.PROVIDER_NOT_EFA, Check.PLUGIN_NOT_FOUND,
            Check.MIXED_NETWORKS, Check.MIXED_NCCL_VERSIONS);

    public static ShortVerdict of(LogSummary log, Expectation expect) {
        if (log.ncclLines() == 0) {
            // ncclkit asked for the log, so its absence says nothing about the network, only about the capture
            return new ShortVerdict(true, PREFIX + "NCCL log: not checked: NCCL wrote no log line (NCCL_DEBUG_FILE not writable,"
                    + " or no NCCL call)\n");
        }
        Verdict verdict = NetworkVerdicts.judge(log, expect, false);
        String headline = PREFIX + "NCCL " + (log.ncclVersions().isEmpty() ? "" : String.join(", ", log.ncclVersions()) + " ") + "log: ";
        if (usedNoNetwork(log)) {
            List<Problem> choice = verdict.problems().stream().filter(p -> CHOICE.contains(p.check()))
                    .map(p -> new Problem(Severity.WARN, p.check(), p.reason(), p.remediation(), p.processes())).toList();
            return new ShortVerdict(true, headline + "no network used: " + placement(log) + chosenNetwork(log) + "\n" + problems(choice));
        }
        String expected = "; expected " + expect.displayName() + " (" + expect.reason() + ")";
        String keep = verdict.pass() ? "" : PREFIX + "  to keep NCCL's log for 'ncclkit logs verify', run with NCCL_DEBUG=INFO NCCL_DEBUG_FILE=nccl.%h.%p.log\n";
        return new ShortVerdict(verdict.pass(), headline + verdict.summary() + expected + "\n" + problems(verdict.problems()) + keep);
    }

    /** The first line, without the {@code ncclkit: } prefix. */
    public String headline() {
        return text.lines().findFirst().orElse("").substring(PREFIX.length());
    }

    /** Init completed, nothing failed, no NET or COLLNET connection and at most one host: NCCL kept to P2P and SHM. */
    private static boolean usedNoNetwork(LogSummary log) {
        List<ProcessSummary> all = log.processes();
        return log.infoLines() > 0 && log.hosts().size() <= 1
                && all.stream().anyMatch(p -> p.initCompleted() > 0)
                && all.stream().noneMatch(ProcessSummary::initFailed)
                && all.stream().flatMap(p -> p.transports().keySet().stream()).noneMatch(k -> k.startsWith("NET/") || k.startsWith("COLLNET/"));
    }

    /** {@code 8 ranks in 1 process on 1 host over P2P/CUMEM}. */
    private static String placement(LogSummary log) {
        List<ProcessSummary> processes = log.attributedProcesses();
        int ranks = (int) processes.stream().flatMap(p -> p.ranks().stream()).distinct().count();
        String transports = processes.stream().flatMap(p -> p.transports().keySet().stream()).distinct().sorted()
                .collect(Collectors.joining(", "));
        return NetworkVerdicts.count(ranks, "rank") + " in " + NetworkVerdicts.count(processes.size(), "process") + " on 1 host"
                + (transports.isEmpty() ? "" : " over " + transports);
    }

    private static String chosenNetwork(LogSummary log) {
        String networks = log.processes().stream().filter(p -> !p.network().isEmpty()).map(NetworkVerdicts::networkLabel).distinct()
                .collect(Collectors.joining(", "));
        return networks.isEmpty() ? "" : "; NCCL chose " + networks + " for other hosts";
    }

    private static String problems(List<Problem> problems) {
        return problems.stream().map(p -> LogReportText.problem(p, PREFIX + "  ")).collect(Collectors.joining());
    }
}
