package org.ncclkit.validate;

/** A node's place in the pair search: not yet in a judged pair, implicated, cleared, or convicted. */
public enum Standing {
    /** In no judged pair yet (a bye in the first round). */
    UNTESTED,
    /** In a flagged pair, not yet cleared or confirmed against enough good nodes. */
    SUSPECT,
    /** In a pair that passed: this node is fine and may serve as the reference for suspects. */
    GOOD,
    /** Flagged with {@link PairSearch#CONFIRMATIONS} different good nodes. */
    BAD
}
