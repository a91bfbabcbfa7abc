package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Constant rows (VALUES, or SELECT without FROM), in one partition. */
public record ValuesNode(RowSchema schema, List<List<Literal>> rows) implements PhysicalNode {
    public ValuesNode {
        requireNonNull(schema, "schema is null");
        rows = rows.stream().map(List::copyOf).toList();
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
        return 1;
    }

    @Override
    public String describe() {
        return "Values rows=" + rows.size();
    }
}
