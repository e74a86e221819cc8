package org.ncclkit.history;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the history lives: {@code --history PATH}, else {@code NCCLKIT_HISTORY}, else
 * {@code $XDG_DATA_HOME/ncclkit/history.db}, else {@code ~/.local/share/ncclkit/history.db}.
 */
public final class HistoryLocation {
    private HistoryLocation() {
    }

    public static Path resolve(String option, Map<String, String> environment, String home) {
        if (option != null && !option.isBlank()) {
            return Path.of(option);
        }
        String variable = environment.get("NCCLKIT_HISTORY");
        if (variable != null && !variable.isBlank()) {
            return Path.of(variable);
        }
        String data = environment.get("XDG_DATA_HOME");
        Path base = data != null && !data.isBlank() ? Path.of(data) : Path.of(home, ".local", "share");
        return base.resolve("ncclkit").resolve("history.db");
    }
}
