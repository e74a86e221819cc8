package org.ncclkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.function.BooleanSupplier;

import org.ncclkit.launch.EnvSetting;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Options shared by the commands that start ncclkit ranks on several nodes ({@code mpirun}, {@code slurm}). */
final class LaunchOptions {
    @Option(names = "--efa", negatable = true,
            description = "Set FI_PROVIDER=efa on every rank (default: when this node has EFA devices).")
    Boolean efa;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Set a variable on every rank; repeatable, in order; for example the seed's FI_EFA_TX_MIN_CREDITS=64.")
    List<String> env = new ArrayList<>();

    @Parameters(paramLabel = "SUBCOMMAND", arity = "1..*", preprocessor = RestOfLine.class,
            description = "The ncclkit subcommand each rank runs and its arguments, after --; for example perf all_reduce -b 8 -e 1G.")
    List<String> command;

    /**
     * Everything from the first positional word on belongs to the ncclkit subcommand, its options included, with or
     * without a {@code --} before it. (A parser setting such as stopAtPositional would be replaced by the parent's
     * when a command is added with addSubcommand; a preprocessor stays with the parameter.)
     */
    static final class RestOfLine implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
            List<String> rest = new ArrayList<>();
            while (!args.isEmpty()) {
                rest.add(args.pop());
            }
            argSpec.setValue(rest);
            return true;
        }
    }

    boolean efa(BooleanSupplier detected) {
        return efa != null ? efa : detected.getAsBoolean();
    }

    List<EnvSetting> envSettings() {
        return envSettings(env);
    }

    /** NAME=VALUE words as settings; a malformed one is a {@link UsageException}. */
    static List<EnvSetting> envSettings(List<String> texts) {
        List<EnvSetting> settings = new ArrayList<>();
        for (String text : texts) {
            try {
                settings.add(EnvSetting.parse(text));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return settings;
    }

    /** The subcommand and its arguments; launching a launcher is refused. */
    List<String> subcommand() {
        String first = command.getFirst();
        if (Set.of("mpirun", "slurm").contains(first)) {
            throw new UsageException("each rank runs an ncclkit subcommand such as 'perf all_reduce'; '" + first
                    + "' would launch launchers");
        }
        return List.copyOf(command);
    }
}
