package io.arbalest.planner.sql;

import org.apache.calcite.DataContexts;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

import java.util.List;

/**
 * Calcite's constant folding of standard SQL's operators (not of Spark's functions, which keep
 * Spark's semantics in the engine), except for the casts where its answer differs from the engine's:
 * a string cast to DECIMAL (Calcite truncates, SQL rounds) and a BOOLEAN cast to a string
 * (Calcite writes TRUE, engines write true). Those stay in the plan and run in the engine, so a
 * constant and a column give the same answer.
 */
final class ConstantFolder implements RexExecutor {
    /** Marks integer arithmetic of constants that overflows 64 bits. */
    private static final java.math.BigInteger OVERFLOW = java.math.BigInteger.valueOf(Long.MAX_VALUE).add(java.math.BigInteger.TWO);
    /** Standard SQL's operators, whose folding Calcite gets right; Spark's (greatest ...) differ. */
    private static final java.util.Set<org.apache.calcite.sql.SqlOperator> STANDARD = java.util.Set.copyOf(
            org.apache.calcite.sql.fun.SqlStdOperatorTable.instance().getOperatorList());
    private final RexExecutor calcite = new RexExecutorImpl(DataContexts.EMPTY);

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constants, List<RexNode> reduced) {
        for (RexNode constant : constants) {
            reduced.add(foldable(constant) ? fold(rexBuilder, constant) : constant);
        }
    }

    /** The constant folded; as it is when Calcite cannot compile it (a Spark function it does not implement). */
    private RexNode fold(RexBuilder rexBuilder, RexNode constant) {
        List<RexNode> one = new java.util.ArrayList<>();
        try {
            calcite.reduce(rexBuilder, List.of(constant), one);
        } catch (RuntimeException e) {
            return constant;
        }
        return one.get(0);
    }

    /**
     * Whether Calcite's answer for the constant is the engine's. Not for integer arithmetic that
     * overflows 64 bits (Calcite wraps around; the engine fails with an overflow error).
     */
    private static boolean foldable(RexNode node) {
        if (integerValue(node) == OVERFLOW) {
            return false;
        }
        boolean[] ok = {true};
        node.accept(new RexVisitorImpl<Void>(true) {
            @Override
            public Void visitCall(RexCall call) {
                if (!STANDARD.contains(call.getOperator())) {
                    ok[0] = false; // Spark's functions run in the engine, with Spark's semantics
                }
                if (call.getKind() == SqlKind.CAST) {
                    SqlTypeFamily from = call.getOperands().get(0).getType().getSqlTypeName().getFamily();
                    SqlTypeFamily to = call.getType().getSqlTypeName().getFamily();
                    if (from == SqlTypeFamily.CHARACTER && to == SqlTypeFamily.NUMERIC
                            || from == SqlTypeFamily.BOOLEAN && to == SqlTypeFamily.CHARACTER) {
                        ok[0] = false;
                    }
                }
                return super.visitCall(call);
            }
        });
        return ok[0];
    }

    /** The exact value of an integer constant expression; null when not one; OVERFLOW when beyond 64 bits. */
    private static java.math.BigInteger integerValue(RexNode node) {
        if (!org.apache.calcite.sql.type.SqlTypeUtil.isIntType(node.getType())) {
            return null;
        }
        if (node instanceof org.apache.calcite.rex.RexLiteral literal) {
            java.math.BigDecimal value = literal.getValueAs(java.math.BigDecimal.class);
            return value == null ? null : value.toBigInteger();
        }
        if (!(node instanceof RexCall call)) {
            return null;
        }
        List<java.math.BigInteger> operands = new java.util.ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            java.math.BigInteger value = operand.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC
                    && org.apache.calcite.sql.type.SqlTypeUtil.isIntType(operand.getType()) ? integerValue(operand) : null;
            if (value == OVERFLOW) {
                return OVERFLOW;
            }
            operands.add(value);
        }
        if (operands.contains(null)) {
            return null;
        }
        java.math.BigInteger result = switch (call.getKind()) {
            case PLUS -> operands.get(0).add(operands.get(1));
            case MINUS -> operands.get(0).subtract(operands.get(1));
            case TIMES -> operands.get(0).multiply(operands.get(1));
            case MINUS_PREFIX -> operands.get(0).negate();
            case CAST -> operands.get(0);
            default -> null;
        };
        if (result == null) {
            return null;
        }
        return result.bitLength() > 63 ? OVERFLOW : result;
    }
}
