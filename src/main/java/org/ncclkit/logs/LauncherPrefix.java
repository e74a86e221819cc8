package org.ncclkit.logs;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes off what launchers and log collectors write before a program's own line: {@code mpirun --tag-output}'s
 * {@code [1,3]<stdout>:}, {@code srun -l}'s {@code 3: }, Ray's {@code (head, rank=0, pid=3808) }, {@code ncclkit run}'s {@code [rank 3] }, torchrun's
 * {@code [default3]:}, PyTorch's {@code [rank3]:}, timestamps, terminal colours.
 */
public final class LauncherPrefix {
    /** A line without its launcher prefix; {@code label} says which rank or task the launcher named, or is null. */
    public record Stripped(String label, String text) {
        /** Whether the launcher named a rank or task other than 0 (a local rank says nothing of the global one). */
        public boolean fromAnotherRank() {
            return label != null && !label.startsWith("local ") && !label.endsWith(" 0");
        }
    }

    private record Form(Pattern pattern, String labelFormat) {
    }

    private static final Pattern ANSI_ESCAPE = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    /** Tried in order, again and again, until none matches: a line can carry several (a timestamp, then a rank). */
    private static final List<Form> FORMS = List.of(
            // Ray, as SkyPilot runs it, before mpirun's: (head, rank=0, pid=3808[, ip=...]); its rank is a node's
            new Form(Pattern.compile("^\\([^()]*\\bpid=\\d+[^()]*\\) "), null),
            // Open MPI --tag-output (4.x) and --output tag (5.x): [jobid,rank]<stdout>:
            new Form(Pattern.compile("^\\[\\d+,(\\d+)\\]<(?:stdout|stderr|stddiag)>: ?"), "rank %s"),
            // ncclkit run: what a non-zero rank prints
            new Form(Pattern.compile("^\\[rank (\\d+)\\] "), "rank %s"),
            // PyTorch's own rank prefix
            new Form(Pattern.compile("^\\[rank(\\d+)\\]:"), "rank %s"),
            // torchrun --tee/--redirects: [<role><local rank>]:
            new Form(Pattern.compile("^\\[[A-Za-z_]+?(\\d+)\\]:"), "local rank %s"),
            // srun -l / --label: the task number, right-aligned
            new Form(Pattern.compile("^ *(\\d+): "), "task %s"),
            // NCCL_DEBUG_TIMESTAMP_FORMAT's default "[%F %T] ", with or without sub-seconds
            new Form(Pattern.compile("^\\[\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\] ?"), null),
            // ISO-8601 stamps of kubectl --timestamps, journald, CloudWatch exports
            new Form(Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?[ \\t]+"), null));

    private LauncherPrefix() {
    }

    public static Stripped strip(String line) {
        String text = ANSI_ESCAPE.matcher(line).replaceAll("");
        String label = null;
        boolean stripped = true;
        for (int round = 0; stripped && round < 6; round++) {
            stripped = false;
            for (Form form : FORMS) {
                Matcher m = form.pattern().matcher(text);
                if (m.find()) {
                    if (form.labelFormat() != null && label == null) {
                        label = form.labelFormat().formatted(m.group(1));
                    }
                    text = text.substring(m.end());
                    stripped = true;
                    break;
                }
            }
        }
        return new Stripped(label, text);
    }
}
