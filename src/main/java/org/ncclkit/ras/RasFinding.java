package org.ncclkit.ras;

/**
 * One rank or process that NCCL's RAS reports as a problem: missing from a communicator, dead, behind the others, in
 * error.
 *
 * @param rank the communicator rank, or -1 when RAS names a process only
 * @param pid  the process id, or -1 when not given
 * @param node the node's address as RAS prints it ("" when not given)
 * @param what what RAS says about it: "not responding to RAS", "considered dead by RAS", ...
 */
public record RasFinding(int rank, long pid, String node, String what) {

    public RasFinding {
        node = node == null ? "" : node;
    }

    /** "rank 2 (process 4711 on node 10.0.0.2): not responding to RAS". */
    public String describe() {
        String where = pid < 0 ? node.isEmpty() ? "" : "node " + node
                : "process " + pid + (node.isEmpty() ? "" : " on node " + node);
        String who = rank >= 0 ? "rank " + rank + (where.isEmpty() ? "" : " (" + where + ")") : where;
        return who + ": " + what;
    }
}
