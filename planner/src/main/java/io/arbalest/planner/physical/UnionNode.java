package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * UNION ALL: the rows of every input, which all have this node's schema. Its partitions are
 * the inputs' partitions one after the other, so the inputs run in parallel.
 */
public record UnionNode(List<PhysicalNode> inputs, RowSchema schema) implements PhysicalNode {
    public UnionNode {
        inputs = List.copyOf(inputs);
        requireNonNull(schema, "schema is null");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("a union needs inputs");
        }
    }

    @Override
    public List<PhysicalNode> children() {
        return inputs;
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new UnionNode(children, schema);
    }

    @Override
    public int partitionCount() {
        return inputs.stream().mapToInt(PhysicalNode::partitionCount).sum();
    }

    @Override
    public String describe() {
        return "Union all";
    }
}
