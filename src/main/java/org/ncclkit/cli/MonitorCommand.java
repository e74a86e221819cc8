package org.ncclkit.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.ncclkit.cluster.SshClient;
import org.ncclkit.cluster.SshTarget;
import org.ncclkit.ffi.LibraryNotFoundException;
import org.ncclkit.ffi.LibrarySpec;
import org.ncclkit.ffi.Libraries;
import org.ncclkit.ffi.NativeException;
import org.ncclkit.info.Hostname;
import org.ncclkit.monitor.ClusterState;
import org.ncclkit.monitor.GpuSample;
import org.ncclkit.monitor.LineView;
import org.ncclkit.monitor.MonitorView;
import org.ncclkit.monitor.NvmlSampler;
import org.ncclkit.monitor.Problem;
import org.ncclkit.monitor.Problems;
import org.ncclkit.monitor.RecordedSampler;
import org.ncclkit.monitor.Recorder;
import org.ncclkit.monitor.RemoteAgents;
import org.ncclkit.monitor.SampleJson;
import org.ncclkit.monitor.Sampler;
import org.ncclkit.monitor.Thresholds;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ncclkit monitor}: GPU readings of this node or every node, live, recorded, with problems called out. */
@Command(name = "monitor", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit monitor",
                "  ncclkit monitor --hosts hosts --record run1.jsonl",
                "  ncclkit monitor --replay run1.jsonl"},
        sortOptions = false,
        defaultValueProvider = MonitorCommand.SshDefaults.class,
        description = {"Watch the GPUs of this node (through NVML) or, with --hosts, of every node (an 'ncclkit monitor "
                + "--agent' started on each over SSH streams its readings back): utilization, memory, SM clock, power, "
                + "temperature, PCIe and NVLink throughput, ECC errors, XID errors and clock slowdowns.",
                "On a terminal the view redraws in place (80 columns, one row per GPU grouped by node, a cluster summary, "
                        + "the problems); otherwise each reading is one line and each problem a PROBLEM line when it "
                        + "appears and a CLEARED line when it goes.",
                "Problems called out: a node down or silent for 3 intervals, XID errors, uncorrected ECC errors, thermal or "
                        + "power slowdowns, a GPU at --temp-limit, a GPU idle while others are busy.",
                "Exit status: 0; 1 when a node stopped answering or the recording cannot be written; 5 without NVML or GPU; "
                        + "6 for bad options."})
public final class MonitorCommand implements Callable<Integer> {
    @Option(names = "--interval", paramLabel = "SECONDS", description = "Time between readings (default: 1).")
    double interval = 1;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N intervals (default: 0, run until stopped).")
    int count;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Append every reading to FILE: JSON lines when it ends in .jsonl, CSV when it ends in .csv.")
    Path record;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "Play back a JSON-lines recording instead of reading GPUs (one recorded interval per --interval).")
    Path replay;

    @Option(names = "--temp-limit", paramLabel = "CELSIUS",
            description = "Call out a GPU at or above this temperature (default: ${DEFAULT-VALUE}).")
    int tempLimit = Thresholds.DEFAULTS.hotCelsius();

    @Option(names = "--lines", description = "Print one line per reading even on a terminal.")
    boolean lines;

    @Option(names = "--agent", description = "Stream readings as JSON lines on standard output, a 'hello' line first "
            + "(what the leader starts on each node with --hosts).")
    boolean agent;

    @ArgGroup(exclusive = false, multiplicity = "0..1", heading = "Nodes (with --hosts):%n")
    SshOptions ssh;

    @Spec
    CommandSpec spec;

    Map<String, String> environment = System.getenv();
    /** Whether standard output is a terminal; tests set it. */
    Boolean terminal;
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        Duration tick = SshOptions.seconds(interval, "--interval", false);
        if (count < 0) {
            throw new UsageException("--count needs 0 or more, not " + count);
        }
        if (agent && ssh != null) {
            throw new UsageException("--agent reads this node only; it takes no --hosts");
        }
        if (replay != null && ssh != null) {
            throw new UsageException("--replay plays a recording; it takes no --hosts");
        }
        Thresholds limits;
        try {
            limits = Thresholds.DEFAULTS.withHotCelsius(tempLimit);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--temp-limit " + tempLimit + " is not a temperature in C");
        }
        if (record != null) {
            try {
                Recorder.formatOf(record);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--record " + e.getMessage());
            }
        }
        return agent ? runAgent(tick) : runMonitor(tick, limits);
    }

    /** The sampler for this node: the recording, or NVML; null with a message on standard error when there is none. */
    private Sampler localSampler(PrintWriter err) {
        if (replay != null) {
            try {
                return RecordedSampler.read(replay);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UsageException("--replay " + e.getMessage());
            }
        }
        try {
            Libraries.require(LibrarySpec.NVML);
            NvmlSampler sampler = new NvmlSampler(Hostname.get(), clock);
            if (sampler.gpuCount() == 0) {
                sampler.close();
                err.println("ncclkit: error: no GPU: NVML lists none on " + Hostname.get());
                return null;
            }
            if (sampler.eventProblem() != null) {
                err.println("ncclkit: note: " + sampler.eventProblem());
            }
            return sampler;
        } catch (LibraryNotFoundException | NativeException e) {
            err.println("ncclkit: error: cannot read the GPUs of " + Hostname.get() + ": " + e.getMessage());
            return null;
        }
    }

    private int runAgent(Duration tick) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.println(SampleJson.hello(Hostname.get(), Main.version(), tick.toMillis() / 1000.0));
        out.flush();
        Sampler sampler = localSampler(err);
        err.flush();
        if (sampler == null) {
            out.println(SampleJson.failure("cannot read the GPUs of " + Hostname.get() + " (NVML missing or no GPU)"));
            out.flush();
            return ExitCodes.NO_GPU;
        }
        try (sampler) {
            Ticker ticker = new Ticker(tick);
            for (int done = 0; count == 0 || done < count; done++) {
                List<GpuSample> samples = sampler.sample();
                if (samples.isEmpty() && sampler.finished()) {
                    break;
                }
                StringBuilder text = new StringBuilder();
                samples.forEach(sample -> text.append(SampleJson.line(sample)).append('\n'));
                out.print(text);
                out.flush();
                if (out.checkError()) {
                    return ExitCodes.OK; // the leader has gone: nobody reads on
                }
                if (count != 0 && done + 1 >= count) {
                    break;
                }
                ticker.sleep();
            }
        }
        return ExitCodes.OK;
    }

    private int runMonitor(Duration tick, Thresholds limits) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean live = !lines && (terminal != null ? terminal : System.console() != null && System.console().isTerminal());
        ClusterState state = new ClusterState();
        Sampler sampler = null;
        RemoteAgents agents = null;
        if (ssh == null) {
            sampler = localSampler(err);
            if (sampler == null) {
                return ExitCodes.NO_GPU;
            }
        } else {
            List<SshTarget> targets = ssh.targets();
            SshClient client = ssh.client();
            agents = RemoteAgents.start(client, ssh.credentials(List.of(), environment), targets, tick, state, clock);
        }
        Recorder recorder = null;
        try {
            if (record != null) {
                recorder = Recorder.open(record);
            }
            MonitorView view = new MonitorView(limits, live);
            LineView lineView = new LineView();
            Ticker ticker = new Ticker(tick);
            boolean anyDown = false;
            for (int done = 0; count == 0 || done < count; done++) {
                if (sampler != null) {
                    List<GpuSample> samples = sampler.sample();
                    if (samples.isEmpty() && sampler.finished()) {
                        break;
                    }
                    if (replay != null) {
                        samples.forEach(sample -> state.update(List.of(sample), sample.time())); // recorded time is "now"
                    } else {
                        state.update(samples, clock.instant());
                    }
                } else {
                    ticker.sleep(); // give the agents an interval to speak before the first frame
                }
                Instant now = replay != null ? state.newestSampleTime() : clock.instant();
                List<ClusterState.Node> nodes = state.snapshot();
                List<Problem> problems = Problems.find(nodes, now, tick, limits);
                List<GpuSample> fresh = state.drainFresh();
                if (recorder != null) {
                    recorder.write(fresh);
                }
                if (live) {
                    out.print(MonitorView.refresh(view.frame(nodes, problems, now, tick)));
                } else {
                    lineView.lines(fresh, problems).forEach(out::println);
                }
                out.flush();
                anyDown = nodes.stream().anyMatch(node -> node.down() != null);
                if (agents != null && nodes.stream().allMatch(node -> node.down() != null)) {
                    err.println("ncclkit: no node is answering; stopping");
                    break;
                }
                if (sampler != null && (count == 0 || done + 1 < count)) {
                    ticker.sleep();
                }
            }
            return anyDown ? SshOptions.SOME_HOST_FAILED : ExitCodes.OK;
        } catch (UncheckedIOException e) {
            err.println("ncclkit: error: " + e.getMessage());
            return ExitCodes.INTERNAL;
        } finally {
            if (agents != null) {
                agents.close();
            }
            if (sampler != null) {
                sampler.close();
            }
            if (recorder != null) {
                recorder.close();
            }
            err.flush();
        }
    }

    /**
     * The defaults of the SSH options, which picocli cannot read from a group that is not yet made (as when printing
     * help); the same values as {@link SshOptions}' own.
     */
    static final class SshDefaults implements picocli.CommandLine.IDefaultValueProvider {
        @Override
        public String defaultValue(picocli.CommandLine.Model.ArgSpec argument) {
            if (argument instanceof picocli.CommandLine.Model.OptionSpec option) {
                return switch (option.longestName()) {
                    case "--user" -> new SshOptions().user;
                    case "--parallel" -> Integer.toString(new SshOptions().parallel);
                    default -> null;
                };
            }
            return null;
        }
    }

    /** Sleeps to the next multiple of the interval from the start, so readings do not drift by the time they take. */
    private static final class Ticker {
        private final long start = System.nanoTime();
        private final long step;
        private long ticks;

        Ticker(Duration interval) {
            this.step = interval.toNanos();
        }

        void sleep() {
            ticks++;
            long wait = start + ticks * step - System.nanoTime();
            if (wait < 0) {
                ticks += -wait / step; // fell behind: skip the missed ticks rather than rush through them
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }
}
