package io.arbalest.planner.physical;

import java.util.List;

/**
 * How a stage lays out its output for its consumers: {@code count} partitions, rows spread by a
 * hash of the {@code hashKeys} columns (no keys: everything in one partition).
 */
public record Partitioning(List<Integer> hashKeys, int count) {
    public Partitioning {
        hashKeys = List.copyOf(hashKeys);
        if (count < 1) {
            throw new IllegalArgumentException("at least one output partition");
        }
        if (hashKeys.isEmpty() && count != 1) {
            throw new IllegalArgumentException("several partitions need hash keys");
        }
    }

    public static Partitioning single() {
        return new Partitioning(List.of(), 1);
    }

    @Override
    public String toString() {
        return hashKeys.isEmpty() ? "single" : "hash" + hashKeys + " x" + count;
    }
}
