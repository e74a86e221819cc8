package org.ncclkit.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gathers the facts of one process's lines as they come; {@link #summary()} freezes them. Each pattern quotes the
 * format string it matches (NCCL {@code src/...}, aws-ofi-nccl {@code src/...}), older wordings included.
 */
final class ProcessLog {
    private static final int KEEP = 5;

    // init.cc: VERSION_STRING "NCCL version 2.x.y+cudaA.B" (2.4 wrote "2.4.8+cuda10.1" too)
    private static final Pattern VERSION = Pattern.compile("^NCCL version (\\S+)");
    // init.cc: "Using network %s"
    private static final Pattern USING_NETWORK = Pattern.compile("^Using network (.+?)\\s*$");
    // init.cc: "comm %p rank %d nranks %d cudaDev %d ... - Init COMPLETE" (and the ncclCommInitRank... forms)
    private static final Pattern INIT_COMPLETE = Pattern.compile("\\brank (\\d+) nranks (\\d+)\\b.*Init COMPLETE\\s*$");
    // checks.h: "%s:%d -> %d", "%s:%d -> %d (%s)"; 2.30+ INFO_LOC: "%s:%d (%s) -> %d"
    private static final Pattern ERROR_RETURN = Pattern.compile("^(\\S+:\\d+)(?: \\([^)]*\\))? -> (\\d+)(?: \\(.*\\))?(?: \\[Async thread\\])?$");
    // param.cc / NCCL_PARAM: "%s set by environment to %s."
    private static final Pattern SET_BY_ENV = Pattern.compile("^([A-Z][A-Z0-9_]+) set by environment to (.*?)\\.?$");
    // plugin/net.cc: "NCCL_NET_PLUGIN set by environment to %s"; 2.21-2.27: "NET/Plugin: Plugin name set by env to %s"
    private static final Pattern PLUGIN_NAME_BY_ENV = Pattern.compile("^NET/Plugin ?: ?Plugin name set by env to (\\S+)");
    // plugin_open.cc (2.23+): "NET/Plugin: Could not find:%s%s%s" (" name1 name2", ". ", "Using internal ... plugin.")
    private static final Pattern COULD_NOT_FIND = Pattern.compile("^NET/Plugin ?: ?Could not find:(.*)$");
    // net.cc 2.4-2.19: "NET/Plugin : No plugin found (libnccl-net.so)." / "..., using internal implementation";
    // 2.19: "NET/Plugin : dlerror=%s No plugin found (%s), using internal implementation"; 2.21: "NET/Plugin: No plugin found (%s)"
    private static final Pattern NO_PLUGIN_FOUND = Pattern.compile("^NET/Plugin ?: ?(?:dlerror=(.*) )?No plugin found(?: \\(([^)]+)\\))?");
    // net.cc 2.18: "NET/Plugin : Plugin load (%s) returned %d : %s"
    private static final Pattern PLUGIN_LOAD_NAMED = Pattern.compile("^NET/Plugin ?: ?Plugin load \\((\\S+)\\) returned (\\d+) : (.*)$");
    // net.cc 2.4-2.14: "NET/Plugin : Plugin load returned %d : %s."; 2.21: "... returned %d : %s when loading %s",
    // "... returned %d : %s : when loading %s"
    private static final Pattern PLUGIN_LOAD = Pattern.compile("^NET/Plugin ?: ?Plugin load returned (\\d+) : (.*?)(?: :)?(?: when loading (\\S+))?\\.?$");
    // net.cc 2.14-2.26: "NET/Plugin: Loaded net plugin %s (v%d)"
    private static final Pattern LOADED_NET_PLUGIN = Pattern.compile("^NET/Plugin ?: ?Loaded net plugin (.+)$");
    // 2.27: "Successfully loaded external plugin %s"; 2.28+: "Successfully loaded external network plugin %s"
    private static final Pattern LOADED_EXTERNAL = Pattern.compile("^Successfully loaded external (?:network )?plugin (\\S+)");
    // nccl-rdma-sharp-plugins (HPC-X): "Plugin Path : %s"
    private static final Pattern PLUGIN_PATH = Pattern.compile("^Plugin Path : (\\S+)");
    // plugin/net.cc 2.27+: "External network plugin %s is unsupported", "Failed to initialize NET plugin %s"
    private static final Pattern PLUGIN_UNSUPPORTED = Pattern.compile("^External network plugin (\\S+) is unsupported");
    private static final Pattern PLUGIN_INIT_FAILED = Pattern.compile("^Failed to initialize NET plugin (.+)$");
    // 2.23+ (openErrStr is dlerror(), which starts with the file): "NET/Plugin: %s"; 2.28+: "NET/Plugin: %s: %s"
    private static final Pattern PLUGIN_DLERROR = Pattern.compile("^NET/Plugin ?: ?(\\S+?): (.+)$");
    private static final Pattern INTERNAL_PLUGIN = Pattern.compile("(?i)using internal (?:net(?:work)? plugin|implementation)");
    // aws-ofi-nccl nccl_ofi_net: "Selected Provider is %s (found %d nics)" (<= 1.13), "Selected provider is %s, fabric is %s
    // (found %d nics)" (>= 1.14.0); the DLAMI's 2019 plugin wrote "Selected Provider is %s"
    private static final Pattern OFI_PROVIDER = Pattern.compile("^NET/OFI Selected [Pp]rovider is (.+?)(?:, fabric is (.+?))?(?: \\(found (\\d+) nics\\))?\\s*$");
    private static final Pattern OFI_VERSION = Pattern.compile("^NET/OFI (?:Initializing|Using) (aws-ofi-nccl \\S+)");
    private static final Pattern OFI_LIBFABRIC = Pattern.compile("^NET/OFI Using Libfabric version (\\S+)");
    private static final Pattern OFI_PLATFORM = Pattern.compile("^NET/OFI Running on (\\S+) platform");
    private static final Pattern OFI_NO_PROVIDER = Pattern.compile("No eligible providers were found|Could(?:n't| not) find any optimal provider|fi_getinfo\\(\\) call failed");
    // aws-ofi-nccl rdma.cpp / sendrecv.cpp: "Request %p completed with error. RC: %d. Error: %d (%s). Completed length: %ld,
    // Request: %s" (rdma.cpp adds "seq %d" after the pointer; older ones wrote "Error: %s"); also "Operation with NULL
    // context completed with error!"
    private static final Pattern OFI_COMPLETION_ERROR = Pattern.compile("^NET/OFI (?:Request \\S+ (?:seq \\d+ )?|Operation with NULL context )completed with error");
    private static final Pattern OFI_GDR_OFF = Pattern.compile("disabling GDR|GDR not supported");
    // aws-ofi-nccl tests/functional: "Process rank %d started. NCCLNet device used on %s is %s.", "Results: %d/%zu passed"
    private static final Pattern PLUGIN_TEST_DEVICE = Pattern.compile("^NET/OFI Process rank \\d+ started\\. NCCLNet device used on (\\S+) is (.+?)\\.?$");
    private static final Pattern PLUGIN_TEST_RESULTS = Pattern.compile("^NET/OFI Results: (\\d+/\\d+) passed");
    // transport/net_ib: "NET/IB : Using%s %s; OOB %s:%s", "NET/IB : No device found."; ibvwrap: "Failed to open libibverbs.so[.1]"
    private static final Pattern IB_USING = Pattern.compile("^NET/IB ?: ?Using (.+?)(?: ?; OOB .*)?$");
    private static final Pattern IB_NONE = Pattern.compile("^NET/IB ?: ?No device found");
    // transport/net_socket: "NET/Socket : Using%s"
    private static final Pattern SOCKET_USING = Pattern.compile("^NET/Socket ?: ?Using (.+)$");

    private final String id;
    private final String host;
    private final Long pid;
    private String label;
    private final Set<String> versions = new LinkedHashSet<>();
    private final Set<Integer> ranks = new TreeSet<>();
    private int initCompleted;
    private final Set<String> networks = new LinkedHashSet<>();
    private final Set<String> channelNetworks = new LinkedHashSet<>();
    private final Map<String, Integer> transports = new TreeMap<>();
    private int netLinks;
    private int gdrdmaLinks;
    private final List<PluginEvent> plugin = new ArrayList<>();
    private String pluginRequested;
    private String ofiVersion;
    private String libfabricVersion;
    private String platform;
    private final List<OfiProvider> providers = new ArrayList<>();
    private final Set<String> ofiProblems = new LinkedHashSet<>();
    private boolean gdrDisabled;
    private String ibDevices;
    private boolean ibNoDevice;
    private boolean verbsMissing;
    private String socketInterfaces;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<ErrorTrace> warnings = new ArrayList<>();
    private int warningCount;
    private final List<ErrorTrace> errorsBefore = new ArrayList<>();
    private int errorsBeforeCount;
    private final List<ErrorTrace> errorsAfter = new ArrayList<>();
    private int errorsAfterCount;
    private final Set<String> pluginTestNetworks = new LinkedHashSet<>();
    private String pluginTestResults;
    private int pluginTestCompletions;
    private int transferErrors;
    private String firstTransferError;

    ProcessLog(String id, String host, Long pid) {
        this.id = id;
        this.host = host;
        this.pid = pid;
    }

    void accept(NcclLine line) {
        if (label == null) {
            label = line.label();
        }
        String msg = line.message();
        if (line.level() == NcclLine.Level.WARN) {
            warn(line.location() == null ? "" : line.location(), msg);
            return;
        }
        Matcher m;
        if ((m = VERSION.matcher(msg)).find()) {
            Bounded.add(versions, m.group(1));
        } else if ((m = USING_NETWORK.matcher(msg)).matches()) {
            Bounded.add(networks, m.group(1));
        } else if ((m = ERROR_RETURN.matcher(msg)).matches()) {
            ErrorTrace trace = new ErrorTrace(m.group(1), Integer.parseInt(m.group(2)), msg);
            if (initCompleted == 0) {
                keep(errorsBefore, trace);
                errorsBeforeCount++;
            } else {
                keep(errorsAfter, trace);
                errorsAfterCount++;
            }
        } else if ((m = INIT_COMPLETE.matcher(msg)).find()) {
            Bounded.add(ranks, Integer.parseInt(m.group(1)));
            initCompleted++;
        } else if (msg.startsWith("NET/OFI ")) {
            ofi(msg);
        } else if (msg.startsWith("NET/Plugin")) {
            netPlugin(msg);
        } else if ((m = IB_USING.matcher(msg)).matches()) {
            ibDevices = m.group(1).strip();
        } else if (IB_NONE.matcher(msg).find()) {
            ibNoDevice = true;
        } else if (msg.startsWith("Failed to open libibverbs")) {
            verbsMissing = true;
        } else if ((m = SOCKET_USING.matcher(msg)).matches()) {
            socketInterfaces = m.group(1).strip();
        } else if ((m = SET_BY_ENV.matcher(msg)).matches()) {
            Bounded.put(environment, m.group(1), m.group(2));
            if (m.group(1).equals("NCCL_NET_PLUGIN")) {
                pluginRequested = m.group(2);
                Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.REQUESTED, m.group(2), null));
            }
        } else if ((m = LOADED_EXTERNAL.matcher(msg)).find() || (m = PLUGIN_PATH.matcher(msg)).find()) {
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.LOADED, m.group(1), null));
        } else if ((m = PLUGIN_UNSUPPORTED.matcher(msg)).find()) {
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.LOAD_FAILED, m.group(1), "exports no ncclNetPlugin symbol this NCCL supports"));
        } else if ((m = PLUGIN_INIT_FAILED.matcher(msg)).matches()) {
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.INIT_FAILED, m.group(1), null));
        } else {
            ChannelLink link = ChannelLink.parse(msg);
            if (link != null) {
                Bounded.count(transports, link.kind());
                if (link.transport() == ChannelLink.Transport.NET) {
                    Bounded.add(channelNetworks, link.netName());
                    netLinks++;
                    if (link.gdrdma()) {
                        gdrdmaLinks++;
                    }
                }
            }
        }
    }

    private void warn(String location, String msg) {
        warningCount++;
        keep(warnings, new ErrorTrace(location, -1, msg));
        if (msg.startsWith("NET/OFI ")) {
            ofi(msg);
        }
        if (msg.startsWith("Failed to open libibverbs")) {
            verbsMissing = true;
        }
    }

    private void ofi(String msg) {
        Matcher m;
        if ((m = OFI_PROVIDER.matcher(msg)).matches()) {
            Bounded.add(providers, new OfiProvider(m.group(1).strip(), m.group(2), m.group(3) == null ? -1 : Integer.parseInt(m.group(3))));
        } else if ((m = OFI_VERSION.matcher(msg)).find()) {
            ofiVersion = m.group(1);
        } else if ((m = OFI_LIBFABRIC.matcher(msg)).find()) {
            libfabricVersion = m.group(1);
        } else if ((m = OFI_PLATFORM.matcher(msg)).find()) {
            platform = m.group(1).replaceAll("[.,]$", "");
        } else if ((m = PLUGIN_TEST_DEVICE.matcher(msg)).matches()) {
            Bounded.add(pluginTestNetworks, m.group(2));
        } else if ((m = PLUGIN_TEST_RESULTS.matcher(msg)).find()) {
            pluginTestResults = m.group(1);
        } else if (msg.startsWith("NET/OFI Got completions for")) {
            pluginTestCompletions++;
        }
        if (OFI_COMPLETION_ERROR.matcher(msg).find()) {
            transferErrors++;
            if (firstTransferError == null) {
                firstTransferError = msg;
            }
        }
        if (OFI_NO_PROVIDER.matcher(msg).find()) {
            Bounded.add(ofiProblems, msg);
        }
        if (OFI_GDR_OFF.matcher(msg).find()) {
            gdrDisabled = true;
            Bounded.add(ofiProblems, msg);
        }
    }

    private void netPlugin(String msg) {
        Matcher m;
        if ((m = PLUGIN_NAME_BY_ENV.matcher(msg)).find()) {
            pluginRequested = m.group(1);
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.REQUESTED, m.group(1), null));
        } else if ((m = COULD_NOT_FIND.matcher(msg)).matches()) {
            String names = m.group(1);
            Matcher internal = INTERNAL_PLUGIN.matcher(names);
            if (internal.find()) {
                names = names.substring(0, internal.start());
            }
            for (String name : names.strip().split("\\s+")) {
                String file = name.replaceAll("\\.$", "");
                if (!file.isEmpty()) {
                    Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.NOT_FOUND, file, null));
                }
            }
        } else if ((m = PLUGIN_LOAD_NAMED.matcher(msg)).matches()) {
            loadResult(m.group(1), Integer.parseInt(m.group(2)), m.group(3));
        } else if ((m = PLUGIN_LOAD.matcher(msg)).matches()) {
            String file = m.group(3) != null ? m.group(3) : fileOfDlerror(m.group(2));
            loadResult(file, Integer.parseInt(m.group(1)), m.group(2));
        } else if ((m = NO_PLUGIN_FOUND.matcher(msg)).find()) {
            String file = m.group(2);
            if (file != null && plugin.stream().noneMatch(e -> e.kind() == PluginEvent.Kind.NOT_FOUND && e.name().equals(file))) {
                boolean notFound = m.group(1) == null || m.group(1).contains("No such file");
                Bounded.add(plugin, new PluginEvent(notFound ? PluginEvent.Kind.NOT_FOUND : PluginEvent.Kind.LOAD_FAILED, file, m.group(1)));
            }
        } else if ((m = LOADED_NET_PLUGIN.matcher(msg)).find()) {
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.LOADED, m.group(1).replaceAll(" \\(v\\d+\\)$", ""), m.group(1)));
        } else if ((m = PLUGIN_DLERROR.matcher(msg)).matches() && !msg.contains("symbol.")) {
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.LOAD_FAILED, m.group(1), m.group(2)));
        }
        if (INTERNAL_PLUGIN.matcher(msg).find()) {
            Bounded.add(plugin, new PluginEvent(PluginEvent.Kind.INTERNAL, null, null));
        }
    }

    private void loadResult(String file, int errno, String dlerror) {
        boolean notFound = errno == 2 || dlerror.contains("No such file");
        Bounded.add(plugin, new PluginEvent(notFound ? PluginEvent.Kind.NOT_FOUND : PluginEvent.Kind.LOAD_FAILED, file, dlerror));
    }

    /** dlerror() starts with the file: {@code libnccl-net.so: cannot open shared object file: ...}. */
    private static String fileOfDlerror(String dlerror) {
        int colon = dlerror.indexOf(':');
        return colon > 0 ? dlerror.substring(0, colon) : "libnccl-net.so";
    }

    private static <T> void keep(List<T> list, T item) {
        if (list.size() < KEEP) {
            list.add(item);
        }
    }

    ProcessSummary summary() {
        List<String> network = new ArrayList<>(networks);
        channelNetworks.stream().filter(n -> !network.contains(n)).forEach(network::add);
        String evidence;
        if (!networks.isEmpty()) {
            evidence = "Using network";
        } else if (!channelNetworks.isEmpty()) {
            evidence = "channel lines";
        } else if (!pluginTestNetworks.isEmpty()) {
            network.addAll(pluginTestNetworks);
            evidence = "the plugin's functional test";
        } else {
            evidence = inferNetwork(network);
        }
        Map<String, PluginEvent> byKindAndName = new LinkedHashMap<>();
        plugin.forEach(e -> byKindAndName.putIfAbsent(e.kind() + " " + e.name(), e));
        List<PluginEvent> events = List.copyOf(byKindAndName.values());
        return new ProcessSummary(id, host, pid, label, List.copyOf(versions), List.copyOf(ranks), initCompleted, List.copyOf(networks),
                List.copyOf(channelNetworks), List.copyOf(network), evidence, new LinkedHashMap<>(transports), netLinks, gdrdmaLinks,
                events, pluginRequested, ofiVersion, libfabricVersion, platform, List.copyOf(providers), List.copyOf(ofiProblems),
                gdrDisabled, ibDevices, ibNoDevice, verbsMissing, socketInterfaces, new LinkedHashMap<>(environment),
                List.copyOf(warnings), warningCount, List.copyOf(errorsBefore), errorsBeforeCount, List.copyOf(errorsAfter),
                errorsAfterCount, pluginTestResults, pluginTestCompletions, transferErrors, firstTransferError);
    }

    /**
     * NCCL before 2.7 prints no {@code Using network}; it tried the NET plugin, then IB, then sockets ({@code init.cc}
     * initNet), so a plugin that initialized, or IB that found devices, or neither, tells which one it took.
     */
    private String inferNetwork(List<String> network) {
        boolean noPlugin = plugin.stream().anyMatch(e -> e.kind() == PluginEvent.Kind.NOT_FOUND || e.kind() == PluginEvent.Kind.INTERNAL);
        if (!providers.isEmpty()) {
            network.add("aws-ofi-nccl");
            return "inferred: the plugin selected a provider, and no 'Using network' line is in the log (NCCL before 2.7 writes none)";
        }
        if (noPlugin && ibDevices != null && !ibNoDevice) { // 2.28 logs "NET/IB : Using [RO]; OOB ..." after "No device found." too
            network.add("IB");
            return "inferred: no NET plugin, NET/IB found devices, no 'Using network' line";
        }
        if (noPlugin && socketInterfaces != null) {
            network.add("Socket");
            return "inferred: no NET plugin, no IB device, no 'Using network' line";
        }
        return null;
    }
}
