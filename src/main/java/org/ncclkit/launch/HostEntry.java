package org.ncclkit.launch;

import java.util.OptionalInt;

/** One node of a host list: its name or address and, when the list says, how many processes it takes ({@code slots=}). */
public record HostEntry(String host, OptionalInt slots) {
    public HostEntry {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host name is empty");
        }
        if (slots.isPresent() && slots.getAsInt() < 1) {
            throw new IllegalArgumentException("host " + host + " has " + slots.getAsInt() + " slots");
        }
    }

    public static HostEntry of(String host) {
        return new HostEntry(host, OptionalInt.empty());
    }

    public static HostEntry of(String host, int slots) {
        return new HostEntry(host, OptionalInt.of(slots));
    }
}
