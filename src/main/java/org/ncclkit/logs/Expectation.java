package org.ncclkit.logs;

import java.util.Locale;

/**
 * The network a log is checked against, and why: {@code --expect efa|ib|socket}, or {@code auto}: EFA when this
 * node has EFA devices, else whatever the log used (then only consistency and errors are checked).
 */
public record Expectation(Target target, String reason) {
    public enum Target {
        EFA, IB, SOCKET,
        /** No particular network: the one the log used, as long as every process used the same. */
        USED
    }

    public static final String VALUES = "efa, ib, socket, auto";

    /**
     * @param option     the {@code --expect} value
     * @param efaDevices EFA devices on this node, for {@code auto}
     * @throws IllegalArgumentException for a value other than {@link #VALUES}
     */
    public static Expectation of(String option, int efaDevices) {
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "efa" -> new Expectation(Target.EFA, "--expect efa");
            case "ib" -> new Expectation(Target.IB, "--expect ib");
            case "socket" -> new Expectation(Target.SOCKET, "--expect socket");
            case "auto" -> efaDevices > 0
                    ? new Expectation(Target.EFA, "--expect auto, this node has " + efaDevices + " EFA device" + (efaDevices == 1 ? "" : "s"))
                    : new Expectation(Target.USED, "--expect auto, no EFA device on this node");
            default -> throw new IllegalArgumentException("--expect must be one of " + VALUES + ", not '" + option + "'");
        };
    }

    /** How the report names the expected network. */
    public String displayName() {
        return switch (target) {
            case EFA -> "EFA";
            case IB -> "IB";
            case SOCKET -> "Socket";
            case USED -> "the network the log used";
        };
    }
}
