package io.arbalest.planner.expr;

import io.arbalest.planner.types.DataType;

/**
 * A scalar expression of a physical plan, evaluated a batch at a time by the engine. Operands
 * of a {@link Call} already have the types its function expects: the physical planner inserts
 * every cast, so kernels never coerce.
 */
public sealed interface Expr permits ColumnRef, Literal, Call {
    DataType type();
}
