package org.ncclkit.cluster;

import java.util.Optional;
import java.util.OptionalInt;

/** How a command ended: its exit status, or the signal that ended it, or neither when the connection to it was lost. */
public record CommandExit(OptionalInt status, Optional<String> signal) {
    public static CommandExit of(int status) {
        return new CommandExit(OptionalInt.of(status), Optional.empty());
    }

    public boolean succeeded() {
        return status.isPresent() && status.getAsInt() == 0;
    }

    /** {@code exit 2}, {@code signal TERM}, or {@code no exit status (connection lost)}. */
    public String describe() {
        if (status.isPresent()) {
            return "exit " + status.getAsInt();
        }
        return signal.map(name -> "signal " + name).orElse("no exit status (connection lost)");
    }
}
