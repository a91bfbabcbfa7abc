package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Emits each input row once per projection (GROUPING SETS, ROLLUP, CUBE): projection i
 * computes the row of grouping set i, with the keys outside the set as NULL and the set's
 * number in a column of its own.
 */
public record ExpandNode(PhysicalNode input, List<List<Expr>> projections, RowSchema schema) implements PhysicalNode {
    public ExpandNode {
        requireNonNull(input, "input is null");
        projections = projections.stream().map(List::copyOf).toList();
        requireNonNull(schema, "schema is null");
        if (projections.isEmpty()) {
            throw new IllegalArgumentException("no projections");
        }
        for (List<Expr> projection : projections) {
            if (projection.size() != schema.size()) {
                throw new IllegalArgumentException("a projection and the schema differ in size");
            }
        }
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(input);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new ExpandNode(children.get(0), projections, schema);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return "Expand " + projections;
    }
}
