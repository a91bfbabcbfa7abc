package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Where partitioning changes: the input's partitions run in parallel and their rows are
 * redistributed into {@code partitioning}: gathered into one partition (in any order), or
 * spread by a hash of key columns (only the distributed planner inserts those).
 */
public record ExchangeNode(PhysicalNode input, Partitioning partitioning) implements PhysicalNode {
    public ExchangeNode {
        requireNonNull(input, "input is null");
        requireNonNull(partitioning, "partitioning is null");
    }

    public static ExchangeNode gather(PhysicalNode input) {
        return new ExchangeNode(input, Partitioning.single());
    }

    public static ExchangeNode hash(PhysicalNode input, List<Integer> keys, int count) {
        return new ExchangeNode(input, new Partitioning(keys, count));
    }

    @Override
    public RowSchema schema() {
        return input.schema();
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(input);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new ExchangeNode(children.get(0), partitioning);
    }

    @Override
    public int partitionCount() {
        return partitioning.count();
    }

    @Override
    public String describe() {
        return "Exchange " + (partitioning.hashKeys().isEmpty() ? "gather" : partitioning.toString()) + " "
                + input.partitionCount() + " -> " + partitioning.count();
    }
}
