package org.ncclkit.logs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.ncclkit.logs.Expectation.Target;
import org.ncclkit.logs.Problem.Check;
import org.ncclkit.logs.Problem.Severity;

/**
 * Decides whether a log proves that NCCL used the expected network, and for each problem says why and what to do. The
 * rules, in order: NCCL lines at all; INFO lines; init completed wherever errors were reported; the plugin's functional
 * test passed; the log names a network; every process used the same one; it is the expected one; on EFA the OFI
 * provider is {@code efa}; NET connections use GPUDirect RDMA (a warning unless required); a NET plugin requested by
 * NCCL_NET_PLUGIN was found; one NCCL version.
 */
public final class NetworkVerdicts {
    /** Where the EFA installer puts aws-ofi-nccl. */
    static final String OFI_LIB_DIR = "/opt/amazon/ofi-nccl/lib";
    private static final Pattern NETWORK_NOT_FOUND = Pattern.compile("Error: network (.+?) not found|Failed to initialize any NET plugin");
    private static final int LIST_AT_MOST = 4;

    private NetworkVerdicts() {
    }

    /**
     * @param requireGdrdma count NET connections without GPUDirect RDMA as a failure (right on p4d, p5, p6; wrong on g5)
     */
    public static Verdict judge(LogSummary log, Expectation expect, boolean requireGdrdma) {
        List<Problem> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (log.ncclLines() == 0) {
            problems.add(fail(Check.NO_NCCL_LINES, "no NCCL INFO lines in " + log.lines() + " lines of log",
                    "set NCCL_DEBUG=INFO for every rank (mpirun -x NCCL_DEBUG=INFO, srun --export=ALL,NCCL_DEBUG=INFO) and capture stdout and stderr",
                    List.of()));
            return verdict(expect, problems, notes, log);
        }
        if (log.infoLines() == 0) {
            problems.add(fail(Check.NO_INFO_LINES, "the log has NCCL lines but no INFO lines, so it cannot show which network NCCL used",
                    "set NCCL_DEBUG=INFO (NCCL_DEBUG=WARN and VERSION leave out the network lines)", List.of()));
        }
        List<ProcessSummary> all = log.processes();
        Set<String> explained = new HashSet<>();

        List<ProcessSummary> initFailed = all.stream().filter(ProcessSummary::initFailed).toList();
        if (!initFailed.isEmpty()) {
            problems.add(initFailure(initFailed, all));
            initFailed.forEach(p -> explained.add(p.id()));
        }
        for (ProcessSummary p : all) {
            if (p.pluginTestResults() != null && !allPassed(p.pluginTestResults())) {
                problems.add(fail(Check.PLUGIN_TEST_FAILED, "the NET plugin's functional test passed only " + p.pluginTestResults(),
                        "read the test's WARN lines above its Results line; the plugin cannot move data between these hosts", List.of(p.id())));
            }
        }

        List<ProcessSummary> withNetwork = all.stream().filter(p -> !p.network().isEmpty()).toList();
        if (withNetwork.isEmpty()) {
            if (initFailed.isEmpty() && log.infoLines() > 0) {
                String reason = "the log never says which network NCCL used: no 'Using network' line and no 'via NET/' channel line";
                String fix = "capture the log from the start of the job, and if NCCL_DEBUG_SUBSYS is set, include INIT and NET in it";
                if (expect.target() == Target.USED) {
                    notes.add(reason + "; " + fix);
                } else {
                    problems.add(fail(Check.NO_NETWORK_LINE, reason, fix, List.of()));
                }
            }
        } else {
            List<ProcessSummary> silent = log.attributedProcesses().stream()
                    .filter(p -> p.network().isEmpty() && !p.initFailed()).toList();
            if (!silent.isEmpty()) {
                notes.add(count(silent.size(), "process") + (silent.size() == 1 ? " never says which network it" : " never say which network they")
                        + " used: " + ids(silent));
            }
            Map<String, List<ProcessSummary>> byNetwork = withNetwork.stream()
                    .collect(Collectors.groupingBy(NetworkVerdicts::networkLabel, LinkedHashMap::new, Collectors.toList()));
            if (byNetwork.size() > 1) {
                problems.add(fail(Check.MIXED_NETWORKS, "processes used different networks: " + byNetwork.entrySet().stream()
                                .map(e -> e.getKey() + " on " + count(e.getValue().size(), "process") + " (" + hostList(e.getValue()) + ")")
                                .collect(Collectors.joining(", ")),
                        "the hosts differ in LD_LIBRARY_PATH, NCCL_NET, NCCL_NET_PLUGIN or their devices: compare them (ncclkit info on each)"
                                + " and pass the same environment to every rank (mpirun -x, srun --export=ALL)",
                        List.of()));
            }
            expected(expect, all, withNetwork, problems, notes, explained, requireGdrdma);
        }
        // one problem per distinct message, naming every process it applies to (each rank logs the same miss)
        Map<String, List<String>> missingPlugin = new LinkedHashMap<>();
        for (ProcessSummary p : all) {
            if (p.pluginRequested() != null && p.pluginNotFound() && !p.pluginLoaded() && !explained.contains(p.id())) {
                missingPlugin.computeIfAbsent("NCCL_NET_PLUGIN=" + p.pluginRequested() + " but NCCL could not find "
                                + notFound(List.of(p)) + (p.network().isEmpty() ? "" : " and used " + networkLabel(p) + " instead"),
                        k -> new ArrayList<>()).add(p.id());
                explained.add(p.id());
            }
        }
        missingPlugin.forEach((reason, ids) -> problems.add(fail(Check.PLUGIN_NOT_FOUND, reason,
                "set NCCL_NET_PLUGIN to the plugin's full path, or put its directory on LD_LIBRARY_PATH", List.copyOf(ids))));
        if (log.ncclVersions().size() > 1) {
            problems.add(new Problem(Severity.WARN, Check.MIXED_NCCL_VERSIONS, "the log names " + log.ncclVersions().size()
                    + " NCCL versions: " + String.join(", ", log.ncclVersions()),
                    "ranks of one job must load the same NCCL: check LD_LIBRARY_PATH and the container image on every host"
                            + " (or this log joins several runs)", List.of()));
        }
        transferErrors(all).ifPresent(problems::add);
        if (log.linesOfFurtherProcesses() > 0) {
            problems.add(new Problem(Severity.WARN, Check.TOO_MANY_PROCESSES, "the log names more than "
                    + NcclLogParser.MAX_PROCESSES + " processes: the first " + NcclLogParser.MAX_PROCESSES + " are judged one by "
                    + "one, the " + log.linesOfFurtherProcesses() + " NCCL lines of the others together",
                    "verify the log of each node or job separately to see every process", List.of()));
        }
        laterWarnings(all, notes);
        return verdict(expect, problems, notes, log);
    }

    /**
     * aws-ofi-nccl warns {@code NET/OFI Request ... completed with error} for each transfer the network failed: the
     * network was selected, but did not carry the data, so the run proves nothing about it.
     */
    private static Optional<Problem> transferErrors(List<ProcessSummary> all) {
        List<ProcessSummary> failed = all.stream().filter(p -> p.transferErrors() > 0).toList();
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        long errors = failed.stream().mapToLong(ProcessSummary::transferErrors).sum();
        return Optional.of(fail(Check.TRANSFER_ERRORS, errors + " NET/OFI request" + (errors == 1 ? "" : "s")
                        + " completed with error on " + count(failed.size(), "process") + " (" + hostList(failed) + "), first: "
                        + failed.getFirst().firstTransferError(),
                "the network failed transfers after NCCL chose it: check that the security group allows all traffic to and from "
                        + "itself, that every EFA device is up (fi_info -p efa on each host), and run again",
                ids(failed, LIST_AT_MOST)));
    }

    private static void expected(Expectation expect, List<ProcessSummary> all, List<ProcessSummary> withNetwork, List<Problem> problems,
                                 List<String> notes, Set<String> explained, boolean requireGdrdma) {
        NetworkKind wanted = switch (expect.target()) {
            case EFA -> NetworkKind.OFI;
            case IB -> NetworkKind.IB;
            case SOCKET -> NetworkKind.SOCKET;
            case USED -> null;
        };
        if (wanted != null) {
            List<ProcessSummary> wrong = withNetwork.stream().filter(p -> !p.networkKinds().equals(List.of(wanted))).toList();
            if (!wrong.isEmpty()) {
                String used = wrong.stream().map(NetworkVerdicts::networkLabel).distinct().collect(Collectors.joining(" or "));
                problems.add(fail(Check.WRONG_NETWORK, "expected " + expect.displayName() + " but NCCL used " + used + " on "
                                + ofTotal(wrong.size(), withNetwork.size()) + " (" + hostList(wrong) + ")",
                        switch (expect.target()) {
                            case EFA -> efaRemedy(wrong);
                            case IB -> ibRemedy(wrong);
                            default -> "set NCCL_NET=Socket to make NCCL use its socket transport";
                        }, ids(wrong, Integer.MAX_VALUE)));
                wrong.forEach(p -> explained.add(p.id()));
                if (expect.target() == Target.EFA) {
                    notes.add("NCCL_NET=\"AWS Libfabric\" (a name every aws-ofi-nccl version answers to) makes NCCL stop with an error"
                            + " instead of falling back to another network");
                }
            }
        }
        List<ProcessSummary> ofi = withNetwork.stream().filter(p -> p.networkKinds().contains(NetworkKind.OFI)).toList();
        List<OfiProvider> unattributedProviders = all.stream().filter(p -> !p.attributed()).flatMap(p -> p.providers().stream()).toList();
        if (expect.target() == Target.EFA) {
            List<ProcessSummary> notEfa = all.stream().filter(p -> !p.providers().isEmpty() && p.providers().stream().noneMatch(OfiProvider::isEfa))
                    .toList();
            if (!notEfa.isEmpty()) {
                String chosen = notEfa.stream().flatMap(p -> p.providers().stream()).map(OfiProvider::toString).distinct()
                        .collect(Collectors.joining(", "));
                Optional<String> why = notEfa.stream().flatMap(p -> p.ofiProblems().stream()).findFirst();
                problems.add(fail(Check.PROVIDER_NOT_EFA, "aws-ofi-nccl selected provider " + chosen + ", not efa, on "
                                + count(notEfa.size(), "process") + " (" + hostList(notEfa) + ")",
                        "Libfabric offered no EFA provider" + why.map(w -> " ('" + w + "')").orElse("")
                                + ": check that the instance has EFA interfaces (fi_info -p efa -t FI_EP_RDM), that containers get"
                                + " /dev/infiniband/uverbs*, and that FI_PROVIDER is unset or efa",
                        ids(notEfa, Integer.MAX_VALUE)));
            }
            List<ProcessSummary> unknown = ofi.stream().filter(p -> p.providers().isEmpty()).toList();
            if (!unknown.isEmpty() && unattributedProviders.isEmpty()) {
                notes.add("the OFI provider is not in the log for " + count(unknown.size(), "process")
                        + ": aws-ofi-nccl writes 'Selected provider is ...' when it starts");
            }
        }
        if (expect.target() == Target.USED) {
            String others = all.stream().flatMap(p -> p.providers().stream()).filter(x -> !x.isEfa()).map(OfiProvider::provider).distinct()
                    .collect(Collectors.joining(", "));
            if (!others.isEmpty()) {
                notes.add("aws-ofi-nccl ran over Libfabric's " + others + " provider, not efa");
            }
        }
        List<ProcessSummary> gdrCandidates = switch (expect.target()) {
            case EFA -> ofi.stream().filter(p -> p.providers().isEmpty() || p.providers().stream().anyMatch(OfiProvider::isEfa)).toList();
            case IB -> withNetwork.stream().filter(p -> p.networkKinds().equals(List.of(NetworkKind.IB))).toList();
            default -> List.of();
        };
        gdrdma(gdrCandidates, problems, notes, requireGdrdma);
    }

    private static void gdrdma(List<ProcessSummary> candidates, List<Problem> problems, List<String> notes, boolean requireGdrdma) {
        if (candidates.isEmpty()) {
            return;
        }
        List<ProcessSummary> without = candidates.stream()
                .filter(p -> p.gdrDisabledByPlugin() || (p.netLinks() > 0 && p.gdrdmaLinks() == 0)).toList();
        List<ProcessSummary> partly = candidates.stream().filter(p -> p.gdrdmaLinks() > 0 && p.gdrdmaLinks() < p.netLinks()).toList();
        List<ProcessSummary> unknown = candidates.stream().filter(p -> p.netLinks() == 0 && !p.gdrDisabledByPlugin()).toList();
        if (!without.isEmpty()) {
            int links = without.stream().mapToInt(ProcessSummary::netLinks).sum();
            String platform = without.stream().map(ProcessSummary::platform).filter(x -> x != null).findFirst().map(x -> " on " + x).orElse("");
            Optional<ProcessSummary> disabled = without.stream().filter(ProcessSummary::gdrDisabledByPlugin).findFirst();
            String fix = disabled.isPresent()
                    ? "aws-ofi-nccl turned GPUDirect RDMA off ('" + disabled.get().ofiProblems().stream().filter(x -> x.contains("GDR"))
                    .findFirst().orElse("GDR disabled") + "'), so data is staged through host memory: expected on instance types"
                    + " without GPUDirect RDMA over EFA (g5, g6); on p4d, p5 and p6 update the EFA installer"
                    : "check that the GPU driver's peer-memory support is active (nvidia-peermem loaded, or DMA-BUF) and that"
                    + " NCCL_NET_GDR_LEVEL does not forbid it";
            problems.add(new Problem(requireGdrdma ? Severity.FAIL : Severity.WARN, Check.NO_GDRDMA,
                    "no GPUDirect RDMA" + platform + ": " + (links > 0 ? links + " NET connection" + (links == 1 ? "" : "s")
                            + " without /GDRDMA on " : "") + count(without.size(), "process") + " (" + hostList(without) + ")",
                    fix, ids(without, Integer.MAX_VALUE)));
        }
        if (!partly.isEmpty()) {
            notes.add("GPUDirect RDMA on only some NET connections of " + count(partly.size(), "process")
                    + " (" + hostList(partly) + "): NCCL enables it per GPU and NIC pair, by their PCI distance");
        }
        if (!unknown.isEmpty() && without.isEmpty()) {
            notes.add("GPUDirect RDMA unknown for " + count(unknown.size(), "process")
                    + ": no 'via NET/' channel line (NCCL writes them when it connects to peers on other hosts)");
        }
    }

    private static Problem initFailure(List<ProcessSummary> failed, List<ProcessSummary> all) {
        // a WARN says more than an error return: show the first process that has one
        ProcessSummary first = failed.stream().filter(p -> p.warningCount() > 0).findFirst().orElse(failed.getFirst());
        ErrorTrace error = first.firstError();
        String reason = count(failed.size(), "process") + " reported errors and never logged Init COMPLETE ("
                + ids(failed) + "): " + error;
        return fail(Check.INIT_FAILED, reason, initRemedy(first, error), ids(failed, Integer.MAX_VALUE));
    }

    private static String initRemedy(ProcessSummary p, ErrorTrace error) {
        Matcher m = NETWORK_NOT_FOUND.matcher(error.message());
        if (m.find()) {
            // NCCL up to 2.26 names the network in its WARN; later ones say which plugin failed to initialize
            String network = m.group(1) != null ? m.group(1) : p.plugin().stream().filter(e -> e.kind() == PluginEvent.Kind.INIT_FAILED)
                    .map(PluginEvent::name).findFirst().orElse(null);
            String asked = network == null ? "NCCL_NET" : "NCCL_NET=\"" + network + "\"";
            if (network != null && NetworkKind.of(network) == NetworkKind.IB && (p.ibNoDevice() || p.verbsMissing())) {
                return asked + " but NCCL found no InfiniBand/RoCE device (" + (p.ibNoDevice() ? "NET/IB : No device found." : "no libibverbs")
                        + "): run on hosts where ibv_devinfo lists an active port, or unset NCCL_NET";
            }
            if (p.pluginNotFound()) {
                return asked + " names a network that no loaded plugin provides, and NCCL could not find " + notFound(List.of(p))
                        + ": point NCCL_NET_PLUGIN at the plugin's .so (or unset it to load libnccl-net.so) and put the plugin's"
                        + " directory (" + OFI_LIB_DIR + " for aws-ofi-nccl) on LD_LIBRARY_PATH";
            }
            return asked + " names a network this host does not provide: unset NCCL_NET, or install and load what provides it";
        }
        if (error.message().startsWith("NET/OFI ")) {
            return "aws-ofi-nccl failed on that host: run fi_info -p efa -t FI_EP_RDM there, check the EFA installer version,"
                    + " and run the plugin's nccl_message_transfer test between two hosts";
        }
        if (error.message().startsWith("Failed to find CUDA library")) {
            return "NCCL could not dlopen the driver's libcuda.so in that process (a container without the NVIDIA runtime, or only"
                    + " libcuda.so.1 present): check nvidia-smi there, or set NCCL_CUDA_PATH to the directory that holds libcuda.so";
        }
        return "NCCL stopped at '" + error + "': fix that first, then verify a new log";
    }

    private static String efaRemedy(List<ProcessSummary> wrong) {
        Optional<ProcessSummary> requested = first(wrong, p -> p.pluginRequested() != null && p.pluginNotFound());
        if (requested.isPresent()) {
            return "NCCL_NET_PLUGIN=" + requested.get().pluginRequested() + " but NCCL could not find " + notFound(wrong)
                    + ": set NCCL_NET_PLUGIN to the plugin's full path (the EFA installer puts it in " + OFI_LIB_DIR + ")"
                    + " or put its directory on LD_LIBRARY_PATH";
        }
        Optional<PluginEvent> loadFailed = wrong.stream().flatMap(p -> p.plugin().stream())
                .filter(e -> e.kind() == PluginEvent.Kind.LOAD_FAILED).findFirst();
        if (loadFailed.isPresent()) {
            return "NCCL found " + loadFailed.get().name() + " but could not load it (" + loadFailed.get().detail()
                    + "): check its dependencies with ldd (Libfabric from /opt/amazon/efa/lib, a CUDA runtime the plugin was built for)";
        }
        Optional<ProcessSummary> started = first(wrong, p -> p.pluginLoaded() || !p.ofiProblems().isEmpty()
                || p.plugin().stream().anyMatch(e -> e.kind() == PluginEvent.Kind.INIT_FAILED && !isBuiltInTransport(e)));
        if (started.isPresent()) {
            String why = started.get().ofiProblems().stream().findFirst()
                    .or(() -> started.get().warnings().stream().map(ErrorTrace::message).filter(w -> w.startsWith("NET/OFI")).findFirst())
                    .map(w -> " ('" + w + "')").orElse("");
            return "aws-ofi-nccl loaded but did not start" + why + ": run fi_info -p efa -t FI_EP_RDM on that host; in a container"
                    + " pass the /dev/infiniband/uverbs* devices and --ulimit memlock=-1";
        }
        if (wrong.stream().anyMatch(ProcessSummary::pluginNotFound)) {
            return "the plugin " + notFound(wrong) + " was not found on LD_LIBRARY_PATH; add " + OFI_LIB_DIR
                    + " (aws-ofi-nccl from the EFA installer), or set NCCL_NET_PLUGIN to the plugin's path";
        }
        return "nothing in the log shows NCCL trying aws-ofi-nccl: put " + OFI_LIB_DIR + " on LD_LIBRARY_PATH of every rank"
                + " (mpirun -x LD_LIBRARY_PATH), or set NCCL_NET_PLUGIN to the plugin's path";
    }

    /** NCCL 2.27+ reports its own IB and Socket transports as NET plugins too ("Failed to initialize NET plugin IB"). */
    private static boolean isBuiltInTransport(PluginEvent event) {
        return "IB".equals(event.name()) || "Socket".equals(event.name());
    }

    private static String ibRemedy(List<ProcessSummary> wrong) {
        if (wrong.stream().anyMatch(p -> "1".equals(p.environment().get("NCCL_IB_DISABLE")))) {
            return "NCCL_IB_DISABLE=1 is set: unset it";
        }
        if (wrong.stream().anyMatch(p -> p.networkKinds().contains(NetworkKind.OFI) || p.networkKinds().contains(NetworkKind.OTHER))) {
            return "a NET plugin was loaded and took precedence over NCCL's IB transport: set NCCL_NET=IB, or NCCL_NET_PLUGIN=none";
        }
        if (wrong.stream().anyMatch(ProcessSummary::verbsMissing)) {
            return "NCCL could not open libibverbs.so: install rdma-core (libibverbs) on that host, or mount it into the container";
        }
        if (wrong.stream().anyMatch(ProcessSummary::ibNoDevice)) {
            return "NCCL found no InfiniBand/RoCE device (NET/IB : No device found.): check ibv_devinfo on that host;"
                    + " in a container pass /dev/infiniband";
        }
        return "nothing in the log shows NCCL trying IB: check ibv_devinfo and NCCL_IB_HCA on that host, and set NCCL_NET=IB"
                + " to make NCCL fail instead of falling back";
    }

    private static void laterWarnings(List<ProcessSummary> all, List<String> notes) {
        List<ProcessSummary> warned = all.stream().filter(p -> !p.initFailed() && p.warningCount() > 0).toList();
        if (!warned.isEmpty()) {
            int n = warned.stream().mapToInt(ProcessSummary::warningCount).sum();
            notes.add(n + " NCCL WARN line" + (n == 1 ? "" : "s") + " from processes that did not fail init, first: "
                    + warned.getFirst().warnings().getFirst() + " (" + warned.getFirst().id() + ")");
        }
        List<ProcessSummary> afterInit = all.stream().filter(p -> p.errorsAfterInitCount() > 0).toList();
        if (!afterInit.isEmpty()) {
            int n = afterInit.stream().mapToInt(ProcessSummary::errorsAfterInitCount).sum();
            notes.add(n + " error return" + (n == 1 ? "" : "s") + " after init (often at abort or teardown), first: "
                    + afterInit.getFirst().errorsAfterInit().getFirst() + " (" + afterInit.getFirst().id() + ")");
        }
        List<ProcessSummary> recovered = all.stream().filter(p -> !p.initFailed() && p.initCompleted() > 0 && p.errorsBeforeInitCount() > 0).toList();
        if (!recovered.isEmpty()) {
            notes.add("error returns before init completed, which NCCL got past, on " + count(recovered.size(), "process")
                    + ", first: " + recovered.getFirst().errorsBeforeInit().getFirst());
        }
    }

    private static Verdict verdict(Expectation expect, List<Problem> problems, List<String> notes, LogSummary log) {
        long failures = problems.stream().filter(p -> p.severity() == Severity.FAIL).count();
        String summary = failures > 0 ? "FAIL: " + count((int) failures, "problem") : "PASS: " + passSummary(log);
        return new Verdict(failures == 0, expect, summary, List.copyOf(problems), List.copyOf(notes));
    }

    private static String passSummary(LogSummary log) {
        List<ProcessSummary> used = log.processes().stream().filter(p -> !p.network().isEmpty()).toList();
        if (used.isEmpty()) {
            return "no problem found, but the log does not say which network NCCL used";
        }
        ProcessSummary any = used.getFirst();
        String providers = used.stream().flatMap(p -> p.providers().stream()).map(OfiProvider::provider).distinct()
                .collect(Collectors.joining(", "));
        int hosts = (int) used.stream().filter(ProcessSummary::attributed).map(ProcessSummary::host).distinct().count();
        int links = used.stream().mapToInt(ProcessSummary::netLinks).sum();
        int gdr = used.stream().mapToInt(ProcessSummary::gdrdmaLinks).sum();
        int attributed = (int) used.stream().filter(ProcessSummary::attributed).count();
        String where = hosts == 0 ? ""
                : " on " + (attributed == log.attributedProcesses().size() ? ofTotal(attributed, attributed) : count(attributed, "process"))
                + " (" + count(hosts, "host") + ")";
        return "NCCL used " + networkLabel(any) + (providers.isEmpty() ? "" : " with provider " + providers) + where
                + (links == 0 ? "" : ", GPUDirect RDMA on " + gdr + " of " + links + " NET connections");
    }

    /** {@code NET/Libfabric}, {@code NET/Socket}, {@code NET/AWS Libfabric+NET/Socket}, with {@code (inferred)} when guessed. */
    static String networkLabel(ProcessSummary p) {
        String names = p.network().stream().map(n -> "NET/" + n).collect(Collectors.joining("+"));
        return p.networkEvidence() != null && p.networkEvidence().startsWith("inferred") ? names + " (inferred)" : names;
    }

    private static String notFound(List<ProcessSummary> processes) {
        return processes.stream().flatMap(p -> p.plugin().stream()).filter(e -> e.kind() == PluginEvent.Kind.NOT_FOUND)
                .map(PluginEvent::name).distinct().collect(Collectors.joining(", "));
    }

    private static boolean allPassed(String results) {
        String[] parts = results.split("/");
        return parts[0].equals(parts[1]);
    }

    private static Optional<ProcessSummary> first(List<ProcessSummary> processes, Predicate<ProcessSummary> test) {
        return processes.stream().filter(test).findFirst();
    }

    private static Problem fail(Check check, String reason, String remediation, List<String> processes) {
        return new Problem(Severity.FAIL, check, reason, remediation, processes);
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : noun.endsWith("s") ? "es" : "s");
    }

    private static String ofTotal(int n, int total) {
        return n == total ? (n == 1 ? "the only process" : "all " + n + " processes") : n + " of " + total + " processes";
    }

    private static List<String> ids(List<ProcessSummary> processes, int atMost) {
        return processes.stream().limit(atMost).map(ProcessSummary::id).toList();
    }

    private static String ids(List<ProcessSummary> processes) {
        List<String> shown = ids(processes, LIST_AT_MOST);
        return String.join(", ", shown) + (processes.size() > shown.size() ? " and " + (processes.size() - shown.size()) + " more" : "");
    }

    private static String hostList(List<ProcessSummary> processes) {
        if (processes.stream().noneMatch(ProcessSummary::attributed)) {
            return "lines without a host prefix";
        }
        List<String> hosts = processes.stream().map(p -> p.attributed() ? p.host() : p.id()).distinct().toList();
        List<String> shown = hosts.stream().limit(LIST_AT_MOST).toList();
        return (hosts.size() == 1 ? "host " : "hosts ") + String.join(", ", shown)
                + (hosts.size() > shown.size() ? " and " + (hosts.size() - shown.size()) + " more" : "");
    }
}
