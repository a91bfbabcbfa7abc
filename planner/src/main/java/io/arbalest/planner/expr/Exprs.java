package io.arbalest.planner.expr;

import java.util.function.IntUnaryOperator;

/** Rewrites of expression trees. */
public final class Exprs {
    private Exprs() {
    }

    /** {@code expr} with every column reference {@code $i} replaced by {@code $mapping(i)}. */
    public static Expr mapColumns(Expr expr, IntUnaryOperator mapping) {
        if (expr instanceof ColumnRef ref) {
            return new ColumnRef(mapping.applyAsInt(ref.index()), ref.type());
        }
        if (expr instanceof Call call) {
            return new Call(call.function(), call.arguments().stream().map(a -> mapColumns(a, mapping)).toList(),
                    call.type());
        }
        return expr;
    }
}
