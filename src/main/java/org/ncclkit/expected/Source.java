package org.ncclkit.expected;

/** Where a figure of the model comes from: a public page a reader can open. */
public record Source(String title, String url) {
}
