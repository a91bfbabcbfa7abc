package io.arbalest.planner.sql;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a top-level {@code [NOT] EXISTS (subquery)}, {@code x IN (subquery)} or
 * {@code x NOT IN (subquery)} (both sides NOT NULL) conjunct of a filter into a SEMI or ANTI
 * join whose condition carries the subquery's correlated predicates (its other predicates stay
 * in the subquery). Calcite's general path
 * (correlate, then decorrelate) joins the outer query back in and multiplies scans (TPC-H Q21
 * gets 19); this gives one join per subquery. Applies when the correlation is confined to the
 * subquery's top filter; other shapes are left to the general path.
 */
final class SubQueryToSemiJoinRule extends RelOptRule {
    static final SubQueryToSemiJoinRule INSTANCE = new SubQueryToSemiJoinRule();

    private SubQueryToSemiJoinRule() {
        super(operand(LogicalFilter.class, any()), "SubQueryToSemiJoinRule");
    }

    @Override
    public void onMatch(RelOptRuleCall call) {
        LogicalFilter filter = call.rel(0);
        List<RexNode> conjuncts = RelOptUtil.conjunctions(filter.getCondition());
        for (int i = 0; i < conjuncts.size(); i++) {
            RelNode rewritten = rewrite(filter, conjuncts, i);
            if (rewritten != null) {
                call.transformTo(rewritten);
                return;
            }
        }
    }

    private static RelNode rewrite(LogicalFilter filter, List<RexNode> conjuncts, int index) {
        RexNode conjunct = conjuncts.get(index);
        boolean negated = conjunct.getKind() == SqlKind.NOT;
        RexNode inner = negated ? ((RexCall) conjunct).getOperands().get(0) : conjunct;
        if (!(inner instanceof RexSubQuery subQuery)) {
            return null;
        }
        boolean exists = subQuery.getKind() == SqlKind.EXISTS;
        boolean in = subQuery.getKind() == SqlKind.IN && subQuery.getOperands().size() == 1;
        if (!exists && !in) {
            return null;
        }
        RelNode input = filter.getInput();
        int width = input.getRowType().getFieldCount();
        RexBuilder rexBuilder = filter.getCluster().getRexBuilder();

        RelNode body = subQuery.rel;
        RexNode value = null;
        if (in) {
            if (!(body instanceof Project project) || project.getProjects().size() != 1) {
                return null;
            }
            value = project.getProjects().get(0);
            body = project.getInput();
            if (negated && (subQuery.getOperands().get(0).getType().isNullable() || value.getType().isNullable())) {
                return null; // NOT IN with a possible NULL needs three-valued logic: the general path has it
            }
        } else if (body instanceof Project project) {
            body = project.getInput();
        }
        Set<CorrelationId> correlations = filter.getVariablesSet();
        RexNode correlated = rexBuilder.makeLiteral(true);
        if (body instanceof Filter inner2 && usesAny(inner2.getCondition(), correlations)) {
            // Only the correlated conjuncts join; the others stay in the subquery, so that a join
            // inside it keeps its condition (TPC-DS q69: NOT EXISTS over web_sales, date_dim).
            List<RexNode> joining = new ArrayList<>();
            List<RexNode> local = new ArrayList<>();
            for (RexNode part : RelOptUtil.conjunctions(inner2.getCondition())) {
                (usesAny(part, correlations) ? joining : local).add(part);
            }
            correlated = RexUtil.composeConjunction(rexBuilder, joining);
            body = local.isEmpty() ? inner2.getInput()
                    : LogicalFilter.create(inner2.getInput(), RexUtil.composeConjunction(rexBuilder, local));
            if (value != null && !(value instanceof RexInputRef) && usesAny(value, correlations)) {
                return null;
            }
        }
        if (!java.util.Collections.disjoint(RelOptUtil.getVariablesUsed(body), correlations)) {
            return null; // correlated deeper down: the general path
        }
        if (value != null && usesAny(value, correlations)) {
            return null;
        }

        List<RexNode> condition = new ArrayList<>();
        condition.add(shift(correlated, width));
        if (in) {
            condition.add(rexBuilder.makeCall(SqlStdOperatorTable.EQUALS, subQuery.getOperands().get(0),
                    shift(value, width)));
        }
        RelNode join = LogicalJoin.create(input, body, List.of(), RexUtil.composeConjunction(rexBuilder, condition),
                Set.of(), negated ? JoinRelType.ANTI : JoinRelType.SEMI);
        List<RexNode> rest = new ArrayList<>(conjuncts);
        rest.remove(index);
        if (rest.isEmpty()) {
            return join;
        }
        return LogicalFilter.create(join, RexUtil.composeConjunction(rexBuilder, rest),
                com.google.common.collect.ImmutableSet.copyOf(correlations));
    }

    private static boolean usesAny(RexNode node, Set<CorrelationId> correlations) {
        boolean[] found = {false};
        node.accept(new RexShuttle() {
            @Override
            public RexNode visitCorrelVariable(RexCorrelVariable variable) {
                found[0] |= correlations.contains(variable.id);
                return variable;
            }
        });
        return found[0];
    }

    /** Subquery fields move right of the outer row; outer references ($cor.f) become the outer row's fields. */
    private static RexNode shift(RexNode node, int width) {
        return node.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(ref.getIndex() + width, ref.getType());
            }

            @Override
            public RexNode visitFieldAccess(RexFieldAccess access) {
                if (access.getReferenceExpr() instanceof RexCorrelVariable) {
                    return new RexInputRef(access.getField().getIndex(), access.getType());
                }
                return super.visitFieldAccess(access);
            }
        });
    }
}
