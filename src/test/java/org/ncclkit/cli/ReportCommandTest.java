package org.ncclkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ncclkit.results.Captures;

/**
 * {@code ncclkit report}'s refusals: one line naming the file or option and why, exit 6, and no page written; and what
 * its page must not carry.
 */
class ReportCommandTest {
    @TempDir
    Path folder;

    @Test
    void aValidateDocumentOfAnUnknownSchemaVersionIsOneLineAndExit6() throws Exception {
        Path document = Files.writeString(folder.resolve("v.json"), "{\"schema\": \"ncclkit.validate/2\", \"verdicts\": []}");
        Path page = folder.resolve("report.html");
        InProcessCli cli = new InProcessCli();

        int status = cli.run("report", document.toString(), "-o", page.toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).containsExactly("ncclkit: error: " + document + ": schema ncclkit.validate/2, but this "
                + "ncclkit reads ncclkit.validate/1 only (written by a newer ncclkit?)");
        assertThat(cli.out()).isEmpty();
        assertThat(page).doesNotExist();
    }

    @Test
    void anUnknownTimeZoneIsOneLineAndExit6() throws Exception {
        Path page = folder.resolve("report.html");
        InProcessCli cli = new InProcessCli();

        int status = cli.run("report", "any.log", "--time-zone", "Mars/Olympus", "-o", page.toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err().lines()).hasSize(1).first().asString()
                .startsWith("ncclkit: error: --time-zone Mars/Olympus: not a time zone (");
        assertThat(page).doesNotExist();
    }

    @Test
    void aRunTokenInNcclTestsJsonIsRedactedInThePageAndTheOtherVariablesKept() throws Exception {
        // nccl-tests writes the whole environment of the rank into -J: under ncclkit run that has the run's token
        String json = Files.readString(Captures.path(Captures.TAGGED_I1_JSON_RANK_0)).replace("\"env\":[",
                "\"env\":[\"NCCLKIT_RUN_TOKEN=tok-abc123\",\"AWS_SECRET_ACCESS_KEY=abc123\",");
        Path input = Files.writeString(folder.resolve("with-token.json"), json);
        Path page = folder.resolve("report.html");
        InProcessCli cli = new InProcessCli();

        int status = cli.run("report", input.toString(), "-o", page.toString());

        assertThat(status).as(cli.err()).isZero();
        assertThat(Files.readString(page)).doesNotContain("abc123")
                .contains("NCCLKIT_RUN_TOKEN=(redacted)<br>", "NCCL_HOSTID=node0<br>", "NCCL_NVLS_ENABLE=0<br>");
    }
}
