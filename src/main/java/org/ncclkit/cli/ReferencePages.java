package org.ncclkit.cli;

import java.io.File;
import java.io.IOException;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build time only: writes the man pages (AsciiDoc, one per command and subcommand) and the bash completion script from
 * the whole command model, with picocli's own generators. Usage: {@code ReferencePages MAN_ADOC_DIR COMPLETION_FILE}.
 */
public final class ReferencePages {
    private ReferencePages() {
    }

    public static void main(String[] args) throws IOException {
        CommandLine all = Main.newCommandLine();
        int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true, all.getCommandSpec());
        if (status != 0) {
            throw new IOException("picocli's ManPageGenerator ended with status " + status);
        }
        AutoComplete.bash("ncclkit", new File(args[1]), null, all);
    }
}
