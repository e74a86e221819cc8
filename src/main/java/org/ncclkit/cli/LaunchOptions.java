package org.ncclkit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    @Option(names = {"--env", "-x"}, paramLabel = "NAME=VALUE",
            description = "Set a variable on every rank; repeatable, in order; for example the seed's "
                    + "FI_EFA_TX_MIN_CREDITS=64. A NAME alone passes this node's value, as mpirun's -x does.")
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

    /** The {@code --env} settings in order, a bare NAME taking its value from this node's environment. */
    List<EnvSetting> envSettings(Map<String, String> environment) {
        return envSettings(env, environment);
    }

    /** NAME=VALUE words (a bare NAME: its value in {@code environment}) as settings; a malformed one is a {@link UsageException}. */
    static List<EnvSetting> envSettings(List<String> texts, Map<String, String> environment) {
        List<EnvSetting> settings = new ArrayList<>();
        for (String text : texts) {
            try {
                settings.add(text.indexOf('=') < 0 ? fromThisNode(text, environment) : EnvSetting.parse(text));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return settings;
    }

    private static EnvSetting fromThisNode(String name, Map<String, String> environment) {
        String value = environment.get(name);
        if (value == null) {
            throw new UsageException("--env " + name + " passes this node's value of " + name + ", but it is not set here; "
                    + "give NAME=VALUE");
        }
        return new EnvSetting(name, value);
    }

    /** Nodes times ranks per node, held at the largest int where the product would not fit. */
    static int ranks(int nodes, int perNode) {
        return (int) Math.min(Integer.MAX_VALUE, (long) nodes * perNode);
    }

    /** The subcommand and its arguments, parsed as each of the {@code worldSize} ranks will; a mistake is a {@link UsageException}. */
    List<String> subcommand(int worldSize) {
        RankCommandCheck.check(command, worldSize);
        return List.copyOf(command);
    }
}
