package io.arbalest.planner.expr;

import io.arbalest.planner.types.DataType;

import static java.util.Objects.requireNonNull;

/** The value of the input column at {@code index}. */
public record ColumnRef(int index, DataType type) implements Expr {
    public ColumnRef {
        requireNonNull(type, "type is null");
    }

    @Override
    public String toString() {
        return "$" + index;
    }
}
