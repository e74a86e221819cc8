package org.ncclkit.launch;

import java.util.regex.Pattern;

/** Which lines of a non-zero rank's standard output still deserve a place on the screen. */
final class RankOutput {
    private static final Pattern WARNING = Pattern.compile("NCCL WARN|\\bWARN(ING)?\\b|\\berror\\b|ncclkit:", Pattern.CASE_INSENSITIVE);

    private RankOutput() {
    }

    static boolean isWarning(String line) {
        return WARNING.matcher(line).find();
    }
}
