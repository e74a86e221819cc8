package org.ncclkit.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.ncclkit.launch.ShellWords;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Parses the command that launched ranks will run, with the same picocli model as {@link Main}, before anything is
 * launched or written: a typo then gives one usage error on the leader instead of a ready sbatch script or N ranks
 * that each print it.
 */
final class RankCommandCheck {
    /** Commands that start ranks themselves: a rank that ran one would launch launchers. */
    private static final Set<String> LAUNCHERS = Set.of("run", "mpirun", "slurm");

    private RankCommandCheck() {
    }

    /** A {@link UsageException} when {@code words} (the command and its arguments) would fail as a usage error on every rank. */
    static void check(List<String> words, int worldSize) {
        CommandLine root = Main.newCommandLine();
        String name = words.getFirst();
        if (LAUNCHERS.contains(name)) {
            throw new UsageException("each rank runs an ncclkit command such as 'perf all_reduce'; '" + name
                    + "' would launch launchers");
        }
        if (!root.getSubcommands().containsKey(name)) {
            Set<String> known = new TreeSet<>(root.getSubcommands().keySet());
            known.removeAll(LAUNCHERS);
            throw new UsageException("'" + name + "' is not an ncclkit command (the ranks can run: " + String.join(", ", known)
                    + "); nothing was launched");
        }
        String shown = ShellWords.join(words);
        ParseResult parsed;
        try {
            parsed = root.parseArgs(words.toArray(String[]::new));
        } catch (ParameterException e) {
            throw new UsageException("the ranks' command '" + shown + "': " + e.getMessage() + "; nothing was launched");
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        if (last.isUsageHelpRequested() || last.isVersionHelpRequested()) {
            throw new UsageException("the ranks' command '" + shown + "' asks for help: run ncclkit " + String.join(" ",
                    words.stream().filter(word -> !word.startsWith("-")).toList()) + " --help here; nothing was launched");
        }
        if (last.commandSpec().userObject() instanceof RankCommand command) {
            try {
                command.checkBeforeLaunch(worldSize);
            } catch (UsageException e) {
                throw new UsageException("the ranks' command '" + shown + "': " + e.getMessage() + "; nothing was launched");
            }
        }
    }
}
