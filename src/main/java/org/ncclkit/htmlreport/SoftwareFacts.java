package org.ncclkit.htmlreport;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ncclkit.logs.LogSummary;
import org.ncclkit.logs.NcclLine;
import org.ncclkit.logs.NcclLogParser;
import org.ncclkit.logs.PluginEvent;
import org.ncclkit.logs.ProcessSummary;

/**
 * What a results file says of the software a run used, beyond NCCL's version: the CUDA level of the driver, the CUDA
 * NCCL was built with, the NET plugin, libfabric, and the variables NCCL echoed as set by the environment. Only a text
 * log with NCCL's INFO lines between the rows says any of it (nccl-tests' JSON and its text table do not); an unknown
 * value is {@code ""}.
 */
record SoftwareFacts(String driver, String cuda, String plugin, String libfabric, Map<String, String> loggedEnvironment) {
    static final SoftwareFacts UNKNOWN = new SoftwareFacts("", "", "", "", Map.of());
    private static final Pattern DRIVER = Pattern.compile("^cudaDriverVersion (\\d+)");
    /** {@code 2.28.9+cuda13.0}, and before NCCL 2.5 {@code 2.4.8cuda10.0}. */
    private static final Pattern BUILT_WITH_CUDA = Pattern.compile("\\d\\+?cuda(\\S+)");

    /** The facts of a text log, read by ncclkit's NCCL log parser. */
    static SoftwareFacts ofLog(Path file) throws IOException {
        NcclLogParser parser = new NcclLogParser();
        String driver = "";
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = lines.readLine()) != null) {
                parser.accept(line);
                if (driver.isEmpty() && line.contains("cudaDriverVersion")) {
                    driver = driverOf(NcclLine.parse(line));
                }
            }
        }
        LogSummary log = parser.summary();
        if (log.ncclLines() == 0) {
            return UNKNOWN;
        }
        List<ProcessSummary> processes = log.processes();
        String cuda = log.ncclVersions().stream().map(BUILT_WITH_CUDA::matcher).filter(Matcher::find)
                .map(m -> m.group(1)).findFirst().orElse("");
        String libfabric = first(processes, ProcessSummary::libfabricVersion).orElse("");
        return new SoftwareFacts(driver, cuda, plugin(processes), libfabric,
                processes.stream().map(ProcessSummary::environment).filter(e -> !e.isEmpty()).findFirst().orElse(Map.of()));
    }

    /** {@code cudaDriverVersion 13000}: the CUDA version the driver supports, 13.0. */
    private static String driverOf(NcclLine line) {
        Matcher m = line == null ? null : DRIVER.matcher(line.message());
        if (m == null || !m.find()) {
            return "";
        }
        int version = Integer.parseInt(m.group(1));
        return "supports CUDA " + version / 1000 + "." + version % 1000 / 10;
    }

    /**
     * aws-ofi-nccl's own version line, else the plugin NCCL loaded, else aws-ofi-nccl without its version where only its
     * provider line is there (older plugins), else NCCL's own transports with the network used.
     */
    private static String plugin(List<ProcessSummary> processes) {
        Optional<String> ofi = first(processes, ProcessSummary::ofiPluginVersion);
        if (ofi.isPresent()) {
            return ofi.get();
        }
        Optional<String> loaded = processes.stream().flatMap(p -> p.plugin().stream())
                .filter(e -> e.kind() == PluginEvent.Kind.LOADED).map(e -> e.name() + (e.detail() == null ? "" : " " + e.detail()))
                .findFirst();
        if (loaded.isPresent()) {
            return loaded.get();
        }
        if (processes.stream().anyMatch(p -> !p.providers().isEmpty())) {
            return "aws-ofi-nccl (its version not in the log)";
        }
        Optional<String> network = processes.stream().flatMap(p -> p.network().stream()).findFirst();
        boolean internal = processes.stream().anyMatch(p -> p.pluginNotFound()
                || p.plugin().stream().anyMatch(e -> e.kind() == PluginEvent.Kind.INTERNAL));
        return internal ? "none: NCCL's own" + network.map(n -> " (" + n + ")").orElse("") : "";
    }

    private static Optional<String> first(List<ProcessSummary> processes, Function<ProcessSummary, String> value) {
        return processes.stream().map(value).filter(Objects::nonNull).filter(v -> !v.isBlank()).findFirst();
    }
}
