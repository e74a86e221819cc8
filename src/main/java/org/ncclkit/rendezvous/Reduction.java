package org.ncclkit.rendezvous;

/** How {@link RendezvousClient#allReduce} combines the ranks' values. */
public enum Reduction {
    SUM, MIN, MAX;

    double combine(double a, double b) {
        return switch (this) {
            case SUM -> a + b;
            case MIN -> Math.min(a, b);
            case MAX -> Math.max(a, b);
        };
    }
}
