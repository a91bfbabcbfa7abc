package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/** Skips {@code offset} rows of each partition, then passes at most {@code limit} rows. */
public record LimitNode(PhysicalNode input, long offset, OptionalLong limit) implements PhysicalNode {
    public LimitNode {
        requireNonNull(input, "input is null");
        requireNonNull(limit, "limit is null");
        if (offset < 0) {
            throw new IllegalArgumentException("offset is negative");
        }
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
        return new LimitNode(children.get(0), offset, limit);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return "Limit offset=" + offset + limit.stream().mapToObj(l -> " limit=" + l).findFirst().orElse("");
    }
}
