package org.ncclkit.monitor;

/** One line of the agent protocol: a {@code hello} first, then samples; a {@code failure} says why the agent stops. */
public sealed interface AgentMessage {
    record Hello(String host, String version, double intervalSeconds) implements AgentMessage {
    }

    record Sample(GpuSample sample) implements AgentMessage {
    }

    record Failure(String message) implements AgentMessage {
    }
}
