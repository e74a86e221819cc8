package org.ncclkit.launch;

import java.util.regex.Pattern;

/** One {@code NAME=VALUE} that a launch sets on every rank ({@code --env}). */
public record EnvSetting(String name, String value) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public EnvSetting {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a variable name (letters, digits and _, not first a digit)");
        }
        if (value == null || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("the value of " + name + " has a line break or NUL character");
        }
    }

    /** Parses {@code NAME=VALUE} (the value may be empty or contain '='). */
    public static EnvSetting parse(String text) {
        int equals = text.indexOf('=');
        if (equals <= 0) {
            throw new IllegalArgumentException("--env takes NAME=VALUE, not '" + text + "'");
        }
        return new EnvSetting(text.substring(0, equals), text.substring(equals + 1));
    }

    @Override
    public String toString() {
        return name + "=" + value;
    }
}
