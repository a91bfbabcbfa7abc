package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The output of another stage of a distributed plan, read through the shuffle: a stage's leaf
 * where the single-process plan had an exchange. Partition p reads output partition p of
 * every task of {@code stage}; with {@code broadcast} every reader takes the whole of the one
 * output partition (a broadcast join's build side), so the node counts as one partition.
 *
 * @param partitions how many output partitions the input stage writes
 */
public record ShuffleReadNode(int stage, RowSchema schema, int partitions, boolean broadcast) implements PhysicalNode {
    public ShuffleReadNode {
        requireNonNull(schema, "schema is null");
        if (partitions < 1) {
            throw new IllegalArgumentException("a stage writes at least one partition");
        }
        if (broadcast && partitions != 1) {
            throw new IllegalArgumentException("a broadcast input is one partition");
        }
    }

    /** The input stage's output partition that partition {@code partition} of this node reads. */
    public int outputPartition(int partition) {
        return broadcast ? 0 : partition;
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of();
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return this;
    }

    @Override
    public int partitionCount() {
        return partitions;
    }

    @Override
    public String describe() {
        return "ShuffleRead stage=" + stage + " partitions=" + partitions + (broadcast ? " broadcast" : "");
    }
}
