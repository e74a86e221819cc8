package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Keeps the documentation in step with the picocli model, walked from {@link Main#newCommandLine()} so that a new
 * command or option is covered without touching this test: every command has its page in docs/commands (a heading
 * naming it, an entry for each of its options) and a generated man page, its help ends with examples and shows its
 * defaults, {@code --json} means standard output everywhere, and the README's two commands are what CI runs.
 */
class CommandDocsTest {
    private static final Path PAGES = Path.of("docs/commands");
    private static final Path MAN_PAGES = Path.of("target/man/man1");
    private static final Path COMPLETION = Path.of("target/ncclkit.bash");
    private static final Pattern HEADING = Pattern.compile("^(#+)\\s+(.*)$");
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

    /** Every command below {@code ncclkit}, subcommands of subcommands included. */
    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(Main.newCommandLine(), all);
        return all.subList(1, all.size());
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(sub -> collect(sub, into));
    }

    /** The options a user sees, without the -h and -V every command has. */
    private static Stream<OptionSpec> documentedOptions(CommandSpec command) {
        return command.options().stream().filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp());
    }

    /** docs/commands/info.md for {@code ncclkit info}, check.md for {@code ncclkit check p2p}. */
    private static Path pageOf(CommandSpec command) {
        CommandSpec topLevel = command;
        while (topLevel.parent() != null && topLevel.parent().parent() != null) {
            topLevel = topLevel.parent();
        }
        return PAGES.resolve(topLevel.name() + ".md");
    }

    /**
     * The part of a page about one command: from the heading that is its qualified name (or, failing that, the first
     * that starts with it) to the next heading of the same or a higher level.
     */
    private static Optional<String> section(List<String> page, String qualifiedName) {
        int start = -1;
        for (int i = 0; i < page.size() && start < 0; i++) {
            if (headingText(page.get(i)).filter(qualifiedName::equals).isPresent()) {
                start = i;
            }
        }
        for (int i = 0; i < page.size() && start < 0; i++) {
            if (headingText(page.get(i)).filter(text -> text.startsWith(qualifiedName)).isPresent()) {
                start = i;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        int level = headingLevel(page.get(start));
        int end = start + 1;
        while (end < page.size() && !(headingText(page.get(end)).isPresent() && headingLevel(page.get(end)) <= level)) {
            end++;
        }
        return Optional.of(String.join("\n", page.subList(start, end)));
    }

    private static Optional<String> headingText(String line) {
        Matcher m = HEADING.matcher(line);
        return m.matches() ? Optional.of(m.group(2).replace("`", "").strip()) : Optional.empty();
    }

    private static int headingLevel(String line) {
        Matcher m = HEADING.matcher(line);
        return m.matches() ? m.group(1).length() : Integer.MAX_VALUE;
    }

    private static boolean mentions(String text, String optionName) {
        return Pattern.compile("(?<![\\w-])" + Pattern.quote(optionName) + "(?![\\w-])").matcher(text).find();
    }

    /** Lines outside fenced code blocks: a heading inside a captured output (such as "# check passed") is no heading. */
    private static List<String> proseLines(Path page) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            lines.add(inCode || line.startsWith("```") ? "" : line);
        }
        return lines;
    }

    @Test
    void everyCommandAndOptionHasAnEntryInItsPage() throws IOException {
        List<String> missing = new ArrayList<>();
        for (CommandLine command : commands()) {
            CommandSpec spec = command.getCommandSpec();
            Path page = pageOf(spec);
            if (!Files.exists(page)) {
                missing.add(page + " is missing (the page of " + spec.qualifiedName() + ")");
                continue;
            }
            Optional<String> section = section(proseLines(page), spec.qualifiedName());
            if (section.isEmpty()) {
                missing.add(page + " has no heading naming " + spec.qualifiedName());
                continue;
            }
            documentedOptions(spec).flatMap(option -> Arrays.stream(option.names()))
                    .filter(name -> !mentions(section.get(), name))
                    .forEach(name -> missing.add(page + " has no entry for " + name + " in its section on "
                            + spec.qualifiedName() + " (outside code blocks, e.g. in its options table)"));
        }
        assertThat(missing).as("the picocli model against docs/commands/*.md").isEmpty();
    }

    @Test
    void everyCommandHasAGeneratedManPageAndBashCompletion() throws IOException {
        List<String> missing = new ArrayList<>();
        Stream.concat(Stream.of(Main.newCommandLine()), commands().stream())
                .map(c -> c.getCommandSpec().qualifiedName("-") + ".1")
                .filter(name -> !Files.isRegularFile(MAN_PAGES.resolve(name)))
                .forEach(name -> missing.add(MAN_PAGES.resolve(name).toString()));
        assertThat(missing).as("man pages generated by the build (ManPageGenerator, Asciidoctor)").isEmpty();

        String completion = Files.readString(COMPLETION);
        assertThat(Main.newCommandLine().getSubcommands().keySet()).allSatisfy(name -> assertThat(completion).contains(name));
    }

    @Test
    void everyHelpEndsWithTwoOrThreeExamplesThatFitItsWidth() {
        List<String> wrong = new ArrayList<>();
        Stream.concat(Stream.of(Main.newCommandLine()), commands().stream()).map(CommandLine::getCommandSpec).forEach(spec -> {
            List<String> footer = Arrays.asList(spec.usageMessage().footer());
            int start = footer.indexOf("Examples:");
            List<String> examples = start < 0 ? List.of() : footer.subList(start + 1, footer.size());
            if (examples.size() < 2 || examples.size() > 3) {
                wrong.add(spec.qualifiedName() + ": its help's footer should end with 'Examples:' and 2 or 3 examples, not "
                        + footer);
            }
            examples.stream().filter(line -> !line.startsWith("  ") || line.length() > 79)
                    .forEach(line -> wrong.add(spec.qualifiedName() + ": the example '" + line.strip()
                            + "' should be indented by two spaces and fit in 79 columns (picocli wraps longer lines)"));
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyOptionWithADefaultShowsItInTheHelp() {
        List<String> silent = new ArrayList<>();
        for (CommandLine command : commands()) {
            documentedOptions(command.getCommandSpec())
                    .filter(o -> o.defaultValue() != null && o.arity().max() > 0)
                    .filter(o -> !String.join(" ", o.description()).toLowerCase().contains("default"))
                    .forEach(o -> silent.add(command.getCommandSpec().qualifiedName() + " " + o.longestName()
                            + " (default " + o.defaultValue() + "): add \"(default ${DEFAULT-VALUE})\" to its description"));
        }
        assertThat(silent).isEmpty();
    }

    @Test
    void jsonPrintsToStandardOutputAndAFileTakesJsonFileOnEveryCommand() {
        List<String> wrong = new ArrayList<>();
        for (CommandLine command : commands()) {
            CommandSpec spec = command.getCommandSpec();
            OptionSpec json = spec.findOption("--json");
            if (json != null && json.arity().min() > 0) {
                wrong.add(spec.qualifiedName() + " --json takes a value: --json prints JSON on standard output; "
                        + "a file is --json-file FILE (-J FILE)");
            }
            OptionSpec jsonFile = spec.findOption("--json-file");
            if (jsonFile != null && jsonFile.arity().min() < 1) {
                wrong.add(spec.qualifiedName() + " --json-file takes no FILE");
            }
            OptionSpec shortJ = spec.findOption("-J");
            if (shortJ != null && shortJ != jsonFile) {
                wrong.add(spec.qualifiedName() + " -J is not --json-file");
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** The README's test command is .ci/run's: the lines it runs after installing what the tests need, joined by &&. */
    @Test
    void theReadmesTwoCommandsAreWhatCiRuns() throws IOException {
        List<String> ciLines = Files.readAllLines(Path.of(".ci/run"));
        int afterInstall = ciLines.lastIndexOf("fi") + 1;
        List<String> ciCommands = ciLines.subList(afterInstall, ciLines.size()).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        String testCommand = String.join(" && ", ciCommands);

        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("\n## Two commands on a fresh machine\n");
        assertThat(section).as("README.md's section '## Two commands on a fresh machine'").isPositive();
        int next = readme.indexOf("\n## ", section + 1);
        List<String> blocks = SH_BLOCK.matcher(readme.substring(section, next < 0 ? readme.length() : next)).results()
                .map(m -> m.group(1).strip()).toList();

        assertThat(blocks).as("the README's two commands").hasSize(2);
        assertThat(blocks.get(1)).as("the README's test command against .ci/run").isEqualTo(testCommand);
        assertThat(blocks.getFirst()).as("the README's build command")
                .startsWith(ciCommands.getFirst() + " && ./mvnw ")
                .endsWith(" && " + bundleLauncher() + " info");
    }

    /** target/ncclkit-VERSION-linux-x86_64/ncclkit-VERSION/bin/ncclkit, the version read from pom.xml. */
    private static String bundleLauncher() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>ncclkit</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(version.find()).as("the project version in pom.xml").isTrue();
        String v = version.group(1);
        return "target/ncclkit-" + v + "-linux-x86_64/ncclkit-" + v + "/bin/ncclkit";
    }
}
