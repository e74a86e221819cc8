package org.ncclkit.logs;

import java.util.Collection;
import java.util.Map;

/**
 * Caps on what one process's facts may hold, so that a hostile or runaway log (a new value on every line) keeps a
 * bounded memory: real logs stay far below them, and past a cap further distinct values are dropped (their lines are
 * still counted).
 */
final class Bounded {
    /** Distinct values a set, list or map of one process keeps. */
    static final int VALUES = 64;
    /** Ranks one process keeps: one per communicator it joined. */
    static final int RANKS = 4096;

    private Bounded() {
    }

    static <T> void add(Collection<T> values, T value) {
        int cap = value instanceof Integer ? RANKS : VALUES;
        if (values.size() < cap) {
            values.add(value);
        }
    }

    static <K, V> void put(Map<K, V> map, K key, V value) {
        if (map.size() < VALUES || map.containsKey(key)) {
            map.put(key, value);
        }
    }

    static <K> void count(Map<K, Integer> counts, K key) {
        if (counts.size() < VALUES || counts.containsKey(key)) {
            counts.merge(key, 1, Integer::sum);
        }
    }
}
