package org.ncclkit.report;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The environment variables whose values a results file must not carry: results are pasted into chats and tickets,
 * and nccl-tests' {@code env} list holds every variable (AWS keys, tokens, ncclkit's own run token among them). Their
 * names stay, so a reader still sees that they were set.
 */
public final class SecretVariables {
    public static final String REDACTED = "(redacted)";
    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|(^|_)(API|ACCESS|AUTH)_?KEY|SESSION_KEY).*");

    private SecretVariables() {
    }

    public static boolean isSecret(String name) {
        return SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches();
    }

    /** The value as it may be published: {@link #REDACTED} for a secret's. */
    public static String publishable(String name, String value) {
        return isSecret(name) ? REDACTED : value;
    }
}
