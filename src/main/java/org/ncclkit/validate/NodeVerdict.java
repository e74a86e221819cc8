package org.ncclkit.validate;

/** The verdict on one node: usable, usable but doubtful (slow, different from the others), or not usable. */
public enum NodeVerdict {
    PASS, SUSPECT, FAIL;

    NodeVerdict worse(NodeVerdict other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
