package org.ncclkit.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.ncclkit.files.FileProblem;
import org.ncclkit.logs.Expectation;
import org.ncclkit.logs.LogReport;
import org.ncclkit.logs.LogReportText;
import org.ncclkit.logs.LogSummary;
import org.ncclkit.logs.NcclLogParser;
import org.ncclkit.logs.NetworkVerdicts;
import org.ncclkit.logs.TextSniff;
import org.ncclkit.logs.Verdict;
import org.ncclkit.report.Json;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ncclkit logs}: work on NCCL_DEBUG=INFO logs; {@code verify} says whether a run used the network it should. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        footer = {"", "Examples:",
                "  ncclkit logs verify nccl.log",
                "  ncclkit logs verify --expect efa --require-gdrdma nccl.log"},
        subcommands = LogsCommand.Verify.class,
        description = "Read NCCL_DEBUG=INFO logs (nccl-tests, PyTorch, ncclkit; mpirun --tag-output, srun -l and ncclkit run prefixes are fine).")
public final class LogsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code ncclkit logs verify [--expect efa|ib|socket|auto] [--json] FILE|-}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            footer = {"", "Examples:",
                    "  ncclkit logs verify --expect efa nccl.log",
                    "  NCCL_DEBUG=INFO all_reduce_perf -b 8 -e 1G 2>&1 | ncclkit logs verify -",
                    "  ncclkit logs verify --json nccl.log"},
            sortOptions = false,
            description = {"Say which network NCCL used (NET plugin, OFI provider, network per process, channel transports, "
                    + "GPUDirect RDMA, init errors) and whether that is the expected one, with one fix per problem.",
                    "Exit status: 0 PASS, 7 FAIL (as nccl-tests' wrong result), 6 usage error or unreadable FILE."})
    static final class Verify implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "The log, or - for standard input.")
        String file;
        @Option(names = "--expect", paramLabel = "NETWORK", defaultValue = "auto",
                description = "efa, ib, socket or auto (default): auto expects EFA when this node has EFA devices, "
                        + "else accepts whatever network the log used as long as every process used the same.")
        String expect;
        @Option(names = "--require-gdrdma", description = "Fail, rather than warn, when EFA or IB connections do not use "
                + "GPUDirect RDMA (right for p4d, p5, p6; g5 and g6 have none over EFA).")
        boolean requireGdrdma;
        @Option(names = "--json", description = "Print JSON instead of text.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Expectation expectation = LogCheckOptions.expectation(expect);
            LogSummary log = read();
            Verdict verdict = NetworkVerdicts.judge(log, expectation, requireGdrdma);
            LogReport report = LogReport.of(file, log, verdict);
            PrintWriter out = spec.commandLine().getOut();
            out.print(json ? Json.write(report) + "\n" : LogReportText.render(report));
            out.flush();
            return verdict.pass() ? ExitCodes.OK : ExitCodes.WRONG_RESULT;
        }

        private LogSummary read() {
            if (file.equals("-")) {
                return parse(System.in, "standard input");
            }
            Path path = Path.of(file);
            String notReadable = FileProblem.notReadable(path);
            if (notReadable != null) {
                throw new UsageException("cannot read " + file + ": " + notReadable);
            }
            try (InputStream in = Files.newInputStream(path)) {
                return parse(in, file);
            } catch (IOException e) {
                throw new UsageException("cannot read " + file + ": " + FileProblem.describe(path, e));
            }
        }

        /**
         * Logs hold whatever the ranks printed: bytes that are not UTF-8 become U+FFFD rather than an error. Input that
         * starts with binary data ({@code /dev/zero}, a core file) is refused before reading on.
         */
        private static LogSummary parse(InputStream raw, String name) {
            try {
                BufferedInputStream in = new BufferedInputStream(raw, TextSniff.BYTES);
                String binary = TextSniff.binaryStart(in);
                if (binary != null) {
                    throw new UsageException(name + " is not a text log: " + binary);
                }
                CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
                return NcclLogParser.parse(new InputStreamReader(in, decoder));
            } catch (IOException e) {
                throw new UsageException("cannot read " + name + ": " + FileProblem.describe(Path.of(name), e));
            }
        }
    }
}
