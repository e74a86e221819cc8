package org.ncclkit.expected;

import java.util.List;
import java.util.Map;

import org.ncclkit.collective.Collective;

/** What {@link ExpectedBandwidth} predicts for a cluster: its assumptions, one figure per collective, and its sources. */
public record Expectation(Assumptions assumptions, Map<Collective, CollectiveExpectation> collectives,
                          List<Source> sources) {

    public CollectiveExpectation of(Collective collective) {
        CollectiveExpectation e = collectives.get(collective);
        if (e == null) {
            throw new IllegalArgumentException("the model has no figure for " + collective.label());
        }
        return e;
    }
}
