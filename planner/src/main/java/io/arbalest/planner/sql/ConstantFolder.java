package io.arbalest.planner.sql;

import org.apache.calcite.DataContexts;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexExecutor;
import org.apache.calcite.rex.RexExecutorImpl;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Calcite's constant folding of standard SQL's operators (not of Spark's functions, which keep
 * Spark's semantics in the engine), except for the casts where its answer differs from the engine's:
 * a string cast to DECIMAL (Calcite truncates, SQL rounds), a BOOLEAN cast to a string
 * (Calcite writes TRUE, engines write true), a decimal division (Calcite keeps 16 digits) and FLOOR and
 * CEIL (whose Spark typing, a BIGINT of a DOUBLE, Calcite's code drops). Those stay in the plan and run in the engine, so a
 * constant and a column give the same answer.
 */
final class ConstantFolder implements RexExecutor {
    /** Marks integer arithmetic of constants that overflows 64 bits. */
    private static final BigInteger OVERFLOW = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.TWO);
    /** Standard SQL's operators, whose folding Calcite gets right; Spark's (greatest ...) differ. */
    private static final Set<SqlOperator> STANDARD = Set.copyOf(
            SqlStdOperatorTable.instance().getOperatorList());
    private final RexExecutor calcite = new RexExecutorImpl(DataContexts.EMPTY);

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constants, List<RexNode> reduced) {
        for (RexNode constant : constants) {
            if (foldable(constant)) {
                List<RexNode> one = new ArrayList<>();
                calcite.reduce(rexBuilder, List.of(constant), one);
                reduced.add(one.get(0));
            } else {
                reduced.add(constant);
            }
        }
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
                if (call.getKind() == SqlKind.FLOOR || call.getKind() == SqlKind.CEIL) {
                    ok[0] = false; // Calcite's code for CAST(FLOOR(double) AS BIGINT) loses the FLOOR
                }
                if (call.getKind() == SqlKind.DIVIDE && SqlTypeUtil.isDecimal(call.getType())) {
                    ok[0] = false; // Calcite divides decimals to 16 digits, rounding half to even
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
    private static BigInteger integerValue(RexNode node) {
        if (!SqlTypeUtil.isIntType(node.getType())) {
            return null;
        }
        if (node instanceof RexLiteral literal) {
            BigDecimal value = literal.getValueAs(BigDecimal.class);
            return value == null ? null : value.toBigInteger();
        }
        if (!(node instanceof RexCall call)) {
            return null;
        }
        List<BigInteger> operands = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            BigInteger value = integerValue(operand);
            if (value == OVERFLOW) {
                return OVERFLOW;
            }
            operands.add(value);
        }
        if (operands.contains(null)) {
            return null;
        }
        BigInteger result = switch (call.getKind()) {
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
