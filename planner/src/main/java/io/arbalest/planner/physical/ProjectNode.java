package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.types.RowSchema;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** Computes one output column per expression. */
public record ProjectNode(PhysicalNode input, List<Expr> expressions, RowSchema schema) implements PhysicalNode {
    public ProjectNode {
        requireNonNull(input, "input is null");
        expressions = List.copyOf(expressions);
        requireNonNull(schema, "schema is null");
        if (expressions.size() != schema.size()) {
            throw new IllegalArgumentException("expressions and schema differ in size");
        }
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of(input);
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return new ProjectNode(children.get(0), expressions, schema);
    }

    @Override
    public int partitionCount() {
        return input.partitionCount();
    }

    @Override
    public String describe() {
        return "Project " + expressions;
    }
}
