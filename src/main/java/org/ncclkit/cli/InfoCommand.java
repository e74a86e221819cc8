package org.ncclkit.cli;

import java.util.concurrent.Callable;

import org.ncclkit.info.InfoText;
import org.ncclkit.info.NodeInfo;
import org.ncclkit.info.NodeProbe;
import org.ncclkit.report.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code ncclkit info}: what this node has for NCCL work. */
@Command(name = "info", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit info",
                "  ncclkit info --json"},
        description = {"Show this node's GPUs, driver, CUDA, NCCL, NET plugins, EFA devices, MPI and NCCL/FI variables.",
                "Exit status: 0 with at least one GPU, 5 when there is no usable GPU or no NVIDIA driver."})
public final class InfoCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        NodeInfo info = NodeProbe.probe();
        spec.commandLine().getOut().print(json ? Json.write(info) + "\n" : InfoText.render(info));
        spec.commandLine().getOut().flush();
        return info.hasGpu() ? ExitCodes.OK : ExitCodes.NO_GPU;
    }
}
