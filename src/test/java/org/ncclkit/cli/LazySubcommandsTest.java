package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ncclkit builds the picocli model of the one subcommand it runs: building all of them was most of its start-up. */
class LazySubcommandsTest {

    @Test
    void aCommandLineThatNamesASubcommandBuildsOnlyThatOne() {
        assertThat(Main.commandLineFor("perf", "all_reduce", "-b", "8").getSubcommands().keySet()).containsExactly("perf");
    }

    @Test
    void withoutASubcommandEveryOneIsThereForTheHelpAndTheSuggestions() {
        assertThat(Main.commandLineFor("--help").getSubcommands().keySet()).containsExactlyElementsOf(Main.commandNames());
        assertThat(Main.commandLineFor("prf").getSubcommands().keySet()).containsExactlyElementsOf(Main.commandNames());
        assertThat(Main.commandLineFor().getSubcommands()).hasSameSizeAs(Main.commandNames());
    }

    @Test
    void theLeanCommandLineKeepsTheOptionRulesAndHandlers() {
        var err = new java.io.StringWriter();
        var commandLine = Main.commandLineFor("perf", "all_reduce", "--no-such-option");
        commandLine.setErr(new java.io.PrintWriter(err));

        assertThat(commandLine.execute("perf", "all_reduce", "--no-such-option")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).startsWith("ncclkit: Unknown option: '--no-such-option'").contains("Try 'ncclkit perf --help'.");
    }
}
