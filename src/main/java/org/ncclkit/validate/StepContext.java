package org.ncclkit.validate;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ncclkit.rendezvous.RendezvousClient;

/**
 * What every step of a validation shares: the run's rendezvous (empty on one node alone), the node names in rank
 * order, their groups, the deadline, and on rank 0 the verdicts, the step records, what each node runs and the
 * terminal for progress;
 * every rank's standard error for warnings.
 */
public final class StepContext {
    private final Optional<RendezvousClient> client;
    private final List<String> nodes;
    private final List<String> groups;
    private final Deadline deadline;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Verdicts verdicts;
    private final List<ValidateReport.Step> steps = new ArrayList<>();
    private final List<ValidateReport.Busbw> busbw = new ArrayList<>();
    private final Map<String, Map<String, String>> software = new HashMap<>();

    public StepContext(Optional<RendezvousClient> client, List<String> nodes, List<String> groups, Deadline deadline,
                       PrintWriter out, PrintWriter err) {
        this.client = client;
        this.nodes = List.copyOf(nodes);
        this.groups = List.copyOf(groups);
        this.deadline = deadline;
        this.out = out;
        this.err = err;
        this.verdicts = new Verdicts(nodes);
    }

    /** Rank 0: what the inventory step found a node runs. */
    public void inventoried(String node, Map<String, String> fields) {
        software.put(node, Collections.unmodifiableMap(new LinkedHashMap<>(fields))); // kept in the fields' order
    }

    /** What the inventory step found {@code node} runs, in {@link org.ncclkit.inventory.InventoryField}'s order; empty if it did not. */
    public Map<String, String> software(String node) {
        return software.getOrDefault(node, Map.of());
    }

    public Optional<RendezvousClient> client() {
        return client;
    }

    public int rank() {
        return client.map(RendezvousClient::rank).orElse(0);
    }

    public boolean root() {
        return rank() == 0;
    }

    public List<String> nodes() {
        return nodes;
    }

    public List<String> groups() {
        return groups;
    }

    public Deadline deadline() {
        return deadline;
    }

    public Verdicts verdicts() {
        return verdicts;
    }

    public List<ValidateReport.Step> steps() {
        return List.copyOf(steps);
    }

    public List<ValidateReport.Busbw> busbw() {
        return List.copyOf(busbw);
    }

    /** Records a step's end on rank 0 and prints its line. */
    public void ended(ValidateReport.Step step) {
        if (root()) {
            steps.add(step);
            progress(step.name() + ": " + step.outcome() + (step.detail().isEmpty() ? "" : ": " + step.detail()));
        }
    }

    public void measured(ValidateReport.Busbw result) {
        busbw.add(result);
    }

    /** A progress line on rank 0's terminal, with the time left. */
    public void progress(String line) {
        if (root()) {
            out.println("# validate: " + line + " (" + Deadline.describe(deadline.left()) + " left)");
            out.flush();
        }
    }

    /** A warning on this rank's standard error, naming its node (every rank may warn). */
    public void warn(String line) {
        synchronized (err) {
            err.println("ncclkit: " + nodes.get(rank()) + ": " + line);
            err.flush();
        }
    }

    /** The same boolean on every rank: rank 0's. */
    public boolean agree(boolean mine) {
        return client.map(c -> c.broadcast(0, new byte[] {(byte) (mine ? 1 : 0)})[0] == 1).orElse(mine);
    }

    /** Every rank's text, in rank order, on every rank. */
    public List<String> allGather(String mine) {
        return client.map(c -> c.allGather(mine.getBytes(java.nio.charset.StandardCharsets.UTF_8)).stream()
                .map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList()).orElse(List.of(mine));
    }
}
