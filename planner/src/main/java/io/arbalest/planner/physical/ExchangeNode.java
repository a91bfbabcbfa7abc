package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Where partitioning changes: the input's partitions run in parallel and their batches are
 * gathered into one output partition (in any order).
 */
public record ExchangeNode(PhysicalNode input) implements PhysicalNode {
    public ExchangeNode {
        requireNonNull(input, "input is null");
    }

    public static ExchangeNode gather(PhysicalNode input) {
        return new ExchangeNode(input);
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
        return new ExchangeNode(children.get(0));
    }

    @Override
    public int partitionCount() {
        return 1;
    }

    @Override
    public String describe() {
        return "Exchange gather " + input.partitionCount() + " -> 1";
    }
}
