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
 * Calcite's constant folding, except for the casts where its answer differs from the engine's:
 * a string cast to DECIMAL (Calcite truncates, SQL rounds) and a BOOLEAN cast to a string
 * (Calcite writes TRUE, engines write true). Those stay in the plan and run in the engine, so a
 * constant and a column give the same answer.
 */
final class ConstantFolder implements RexExecutor {
    private final RexExecutor calcite = new RexExecutorImpl(DataContexts.EMPTY);

    @Override
    public void reduce(RexBuilder rexBuilder, List<RexNode> constants, List<RexNode> reduced) {
        for (RexNode constant : constants) {
            if (foldable(constant)) {
                List<RexNode> one = new java.util.ArrayList<>();
                calcite.reduce(rexBuilder, List.of(constant), one);
                reduced.add(one.get(0));
            } else {
                reduced.add(constant);
            }
        }
    }

    private static boolean foldable(RexNode node) {
        boolean[] ok = {true};
        node.accept(new RexVisitorImpl<Void>(true) {
            @Override
            public Void visitCall(RexCall call) {
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
}
