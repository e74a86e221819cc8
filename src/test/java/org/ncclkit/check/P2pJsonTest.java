package org.ncclkit.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ncclkit.check.SyntheticRuns.Measured;

class P2pJsonTest {

    @Test
    void everyPairTheMediansAndTheSuspectsAreWritten() {
        PairMatrix m = SyntheticRuns.matrix(SyntheticRuns.nodes(3),
                (a, b) -> new Measured(a == 0 ? 12.3456789 : 12, 21.5, a == 1 ? 3 : 0));

        assertThat(P2pJson.render(m)).isEqualTo("""
                {
                  "ranks" : 3,
                  "nodes" : [ "node0", "node1", "node2" ],
                  "bytes" : 1000000000,
                  "latency_bytes" : 8,
                  "iterations" : 20,
                  "threshold" : 0.8,
                  "latency_threshold" : 0.8,
                  "passed" : false,
                  "bandwidth_median_gbps" : 12.346,
                  "latency_median_us" : 21.5,
                  "pairs" : [ {
                    "rank_a" : 0,
                    "rank_b" : 1,
                    "node_a" : "node0",
                    "node_b" : "node1",
                    "bandwidth_gbps" : 12.346,
                    "latency_us" : 21.5,
                    "wrong" : 0,
                    "slow_bandwidth" : false,
                    "slow_latency" : false
                  }, {
                    "rank_a" : 0,
                    "rank_b" : 2,
                    "node_a" : "node0",
                    "node_b" : "node2",
                    "bandwidth_gbps" : 12.346,
                    "latency_us" : 21.5,
                    "wrong" : 0,
                    "slow_bandwidth" : false,
                    "slow_latency" : false
                  }, {
                    "rank_a" : 1,
                    "rank_b" : 2,
                    "node_a" : "node1",
                    "node_b" : "node2",
                    "bandwidth_gbps" : 12.0,
                    "latency_us" : 21.5,
                    "wrong" : 3,
                    "slow_bandwidth" : false,
                    "slow_latency" : false
                  } ],
                  "suspects" : [ {
                    "node" : "node1",
                    "flagged_pairs" : 1,
                    "pairs" : 2
                  }, {
                    "node" : "node2",
                    "flagged_pairs" : 1,
                    "pairs" : 2
                  } ]
                }
                """);
    }
}
