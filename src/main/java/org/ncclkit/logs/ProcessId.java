package org.ncclkit.logs;

/** A process that wrote NCCL lines, as NCCL names it: its host name and pid. */
public record ProcessId(String host, long pid) implements Comparable<ProcessId> {
    @Override
    public int compareTo(ProcessId other) {
        int byHost = host.compareTo(other.host);
        return byHost != 0 ? byHost : Long.compare(pid, other.pid);
    }

    @Override
    public String toString() {
        return host + ":" + pid;
    }
}
