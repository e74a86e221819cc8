package org.ncclkit.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Puts one public key in a member's {@code ~/.ssh/authorized_keys}: a POSIX shell script sent on the standard input
 * of {@code /bin/sh -s} (so the user's login shell, whatever it is, only starts sh). It appends the key only when no
 * line already holds it (whatever that line's options or comment), never rewrites other lines, and repairs what makes
 * sshd's StrictModes ignore the file: a home or {@code ~/.ssh} that others may write, files others may write. It reports
 * each thing it did on a line of its own, which {@link #parse} reads.
 */
public final class AuthorizedKeyInstall {
    /** The command that reads the script. */
    public static final String COMMAND = "/bin/sh -s";

    private static final Pattern SAFE_KEY_LINE = Pattern.compile("[A-Za-z0-9@.-]+ [A-Za-z0-9+/=]+( [^'\\\\\\n\\r]*)?");

    private AuthorizedKeyInstall() {
    }

    /** What the script did on one member: whether it added the key, the modes it repaired, what it could not repair. */
    public record Result(boolean added, List<String> fixes, List<String> problems) {
    }

    /** The script for this public key line ({@code type base64 comment}). */
    public static byte[] script(String publicKeyLine) {
        String[] words = publicKeyLine.strip().split("\\s+", 3);
        String line = SAFE_KEY_LINE.matcher(publicKeyLine.strip()).matches() ? publicKeyLine.strip() : words[0] + " " + words[1];
        String script = """
                umask 077
                key='%s'
                blob='%s'
                home="${HOME:-}"
                if [ -z "$home" ] || [ ! -d "$home" ]; then echo "ncclkit-error the home directory '$home' does not exist"; exit 3; fi
                mode() { stat -c %%a "$1" 2>/dev/null || echo unknown; }
                writable_by_others() { m=$(mode "$1"); [ "$m" != unknown ] && [ $(( 0$m & 022 )) -ne 0 ]; }
                me=$(id -u)
                m=$(mode "$home")
                if writable_by_others "$home"; then
                  if chmod go-w "$home" 2>/dev/null; then echo "ncclkit-fixed ~ $m $(mode "$home")"
                  else echo "ncclkit-problem ~ is writable by others ($m) and cannot be changed: sshd will ignore the key"; fi
                fi
                dir="$home/.ssh"
                keys="$dir/authorized_keys"
                if [ -e "$dir" ] && [ ! -d "$dir" ]; then echo "ncclkit-error ~/.ssh is not a directory"; exit 3; fi
                if [ ! -d "$dir" ]; then mkdir -m 700 "$dir" || exit 3; fi
                if [ "$(stat -c %%u "$dir")" != "$me" ]; then echo "ncclkit-problem ~/.ssh belongs to user id $(stat -c %%u "$dir"), not $me: sshd will ignore it"; fi
                m=$(mode "$dir")
                if [ "$m" != 700 ] && writable_by_others "$dir"; then chmod 700 "$dir" && echo "ncclkit-fixed ~/.ssh $m 700"; fi
                if [ -e "$keys" ] && [ ! -f "$keys" ]; then echo "ncclkit-error ~/.ssh/authorized_keys is not a file"; exit 3; fi
                [ -e "$keys" ] || : > "$keys" || exit 3
                m=$(mode "$keys")
                if [ "$m" != 600 ] && writable_by_others "$keys"; then chmod 600 "$keys" && echo "ncclkit-fixed ~/.ssh/authorized_keys $m 600"; fi
                if awk -v b="$blob" '$0 !~ /^[ \\t]*#/ { for (i = 1; i <= NF; i++) if ($i == b) found = 1 } END { exit !found }' "$keys"; then
                  echo "ncclkit-key present"
                else
                  if [ -s "$keys" ] && [ -n "$(tail -c 1 "$keys")" ]; then echo >> "$keys" || exit 3; fi
                  printf '%%s\\n' "$key" >> "$keys" || exit 3
                  echo "ncclkit-key added"
                fi
                if command -v restorecon >/dev/null 2>&1; then restorecon -F "$dir" "$keys" >/dev/null 2>&1; fi
                exit 0
                """.formatted(line, words[1]);
        return script.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the script's report; an {@link SshFailure} of kind REMOTE when it stopped short. */
    public static Result parse(CommandOutput run) {
        boolean added = false;
        boolean done = false;
        List<String> fixes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String error = null;
        for (String line : run.out().lines().toList()) {
            String[] words = line.split(" ", 2);
            String rest = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "ncclkit-key" -> {
                    done = true;
                    added = rest.equals("added");
                }
                case "ncclkit-fixed" -> {
                    String[] parts = rest.split(" ");
                    fixes.add("fixed " + (parts.length == 3 ? parts[0] + " " + parts[1] + "->" + parts[2] : rest));
                }
                case "ncclkit-problem" -> problems.add(rest);
                case "ncclkit-error" -> error = rest;
                default -> {
                }
            }
        }
        if (!done || !run.exit().succeeded()) {
            String reason = error != null ? error : lastLine(run.err());
            throw new SshFailure(SshFailure.Kind.REMOTE, "could not add the key to ~/.ssh/authorized_keys ("
                    + run.exit().describe() + (reason.isEmpty() ? "" : ": " + reason) + ")");
        }
        return new Result(added, fixes, problems);
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.getLast().strip();
    }
}
