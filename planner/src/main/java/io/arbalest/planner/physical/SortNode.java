package io.arbalest.planner.physical;

import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.OptionalLong;

import static java.util.Objects.requireNonNull;

/**
 * Sorts each input partition by {@code keys}. With {@code limit} it is a top-N: it keeps only
 * the first {@code limit} rows, in bounded memory.
 */
public record SortNode(PhysicalNode input, List<SortKey> keys, OptionalLong limit) implements PhysicalNode {
    public SortNode {
        requireNonNull(input, "input is null");
        keys = List.copyOf(keys);
        requireNonNull(limit, "limit is null");
    }

    public static SortNode full(PhysicalNode input, List<SortKey> keys) {
        return new SortNode(input, keys, OptionalLong.empty());
    }

    public static SortNode topN(PhysicalNode input, List<SortKey> keys, long limit) {
        return new SortNode(input, keys, OptionalLong.of(limit));
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
        return new SortNode(children.get(0), keys, limit);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return (limit.isPresent() ? "TopN " + limit.getAsLong() + " " : "Sort ") + keys;
    }
}
