package org.ncclkit.check;

/** A node named by {@code check p2p}: how many of the pairs it is part of are slow or wrong, out of how many. */
public record Suspect(String node, int flaggedPairs, int pairs) {
}
