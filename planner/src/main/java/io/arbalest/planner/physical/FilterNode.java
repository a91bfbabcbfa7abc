package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Keeps the rows for which {@code predicate} is TRUE (not FALSE, not NULL). */
public record FilterNode(PhysicalNode input, Expr predicate) implements PhysicalNode {
    public FilterNode {
        requireNonNull(input, "input is null");
        requireNonNull(predicate, "predicate is null");
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
        return new FilterNode(children.get(0), predicate);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return "Filter " + predicate;
    }
}
