package org.ncclkit.validate;

/** One line of evidence against a node: the step that found it, how bad it is, what was seen, and what to do. */
public record Evidence(String step, NodeVerdict verdict, String line, String remediation) {
}
