package org.ncclkit.cluster;

/** A command's whole output and how it ended, on a node over SSH or here ({@link LocalShell}). */
public record CommandOutput(CommandExit exit, String out, String err) {
}
