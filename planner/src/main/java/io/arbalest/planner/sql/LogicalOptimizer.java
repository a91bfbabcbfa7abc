package io.arbalest.planner.sql;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.List;

/**
 * The logical rule pipeline that plans all 22 TPC-H queries to trees without correlation:
 * subquery removal and decorrelation, field trimming, pushdown and constant folding, join
 * ordering, trimming.
 */
final class LogicalOptimizer {
    /** Pushdown, merging and constant folding; each rule shrinks the plan or moves work down. */
    private static final List<RelOptRule> SIMPLIFY = List.of(
            CoreRules.FILTER_REDUCE_EXPRESSIONS,
            CoreRules.PROJECT_REDUCE_EXPRESSIONS,
            CoreRules.JOIN_REDUCE_EXPRESSIONS,
            CoreRules.FILTER_MERGE,
            CoreRules.FILTER_PROJECT_TRANSPOSE,
            CoreRules.FILTER_AGGREGATE_TRANSPOSE,
            // A filter over a UNION ALL goes into each branch, where a branch's constant can make
            // it empty (TPC-DS q04: sale_type = 's' over the store, catalog and web branches).
            CoreRules.FILTER_SET_OP_TRANSPOSE,
            org.apache.calcite.rel.rules.PruneEmptyRules.UNION_INSTANCE,
            org.apache.calcite.rel.rules.PruneEmptyRules.PROJECT_INSTANCE,
            org.apache.calcite.rel.rules.PruneEmptyRules.FILTER_INSTANCE,
            CoreRules.FILTER_INTO_JOIN,
            CoreRules.JOIN_CONDITION_PUSH,
            CoreRules.PROJECT_MERGE,
            CoreRules.PROJECT_REMOVE,
            CoreRules.AGGREGATE_PROJECT_MERGE,
            CoreRules.SORT_REMOVE_CONSTANT_KEYS);

    /** See {@link #reduceAggregateInputs}: how many times fewer rows the other side of the join must have. */
    private static final double REDUCTION_FACTOR = 4;

    private static final RelOptRule REDUCE_STATISTICS = org.apache.calcite.rel.rules.AggregateReduceFunctionsRule.Config
            .DEFAULT.withOperandFor(org.apache.calcite.rel.logical.LogicalAggregate.class)
            .withFunctionsToReduce(java.util.EnumSet.of(SqlKind.STDDEV_POP, SqlKind.STDDEV_SAMP, SqlKind.VAR_POP,
                    SqlKind.VAR_SAMP))
            .toRule();

    private LogicalOptimizer() {
    }

    static RelNode optimize(RelNode rel, RelBuilder relBuilder) {
        RelNode plan = run(rel, HepProgram.builder()
                .addRuleInstance(SubQueryToSemiJoinRule.INSTANCE)
                .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
                .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
                .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
                .build());
        plan = RelDecorrelator.decorrelateQuery(plan, relBuilder);
        // Window functions (RexOver in a projection) become Window operators.
        plan = run(plan, HepProgram.builder().addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW).build());
        plan = new RelFieldTrimmer(null, relBuilder).trim(plan);
        plan = pullCommonFactors(plan);
        plan = run(plan, simplify().build());
        plan = deriveSideFilters(plan);
        plan = run(plan, simplify().build());
        // UNION, INTERSECT and EXCEPT become UNION ALL plus aggregation; COUNT(DISTINCT x) becomes
        // two levels of plain aggregation that the engine runs in parallel.
        plan = run(plan, HepProgram.builder()
                .addRuleInstance(CoreRules.UNION_TO_DISTINCT)
                .addRuleInstance(CoreRules.INTERSECT_TO_DISTINCT)
                .addRuleInstance(CoreRules.MINUS_TO_DISTINCT)
                .build());
        plan = run(plan, HepProgram.builder()
                .addRuleInstance(CoreRules.AGGREGATE_EXPAND_DISTINCT_AGGREGATES)
                .build());
        // STDDEV and VARIANCE become SUM(x * x), SUM(x) and COUNT(x), which the engine aggregates,
        // and a POWER; AVG stays the engine's own (its decimal type is Spark's).
        plan = run(plan, HepProgram.builder().addRuleInstance(REDUCE_STATISTICS).build());
        plan = run(plan, HepProgram.builder()
                .addMatchOrder(HepMatchOrder.BOTTOM_UP)
                .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
                .addRuleInstance(CoreRules.PROJECT_MULTI_JOIN_MERGE)
                .addRuleInstance(CoreRules.FILTER_MULTI_JOIN_MERGE)
                .build());
        plan = JoinOrdering.apply(plan, relBuilder); // all-inner joins, by our estimates
        plan = run(plan, HepProgram.builder().addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE).build()); // the rest
        plan = reduceAggregateInputs(plan, relBuilder);
        plan = run(plan, simplify().build());
        return new RelFieldTrimmer(null, relBuilder).trim(plan);
    }

    /**
     * {@code (a AND b) OR (a AND c)} becomes {@code a AND (b OR c)} in every filter and join
     * condition, so that an equi-join key repeated in each branch of an OR (TPC-H Q19) becomes a
     * hash-join key and single-table factors can be pushed down.
     */
    private static RelNode pullCommonFactors(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                RexBuilder rexBuilder = visited.getCluster().getRexBuilder();
                if (visited instanceof Filter filter) {
                    RexNode condition = RexUtil.pullFactors(rexBuilder, filter.getCondition());
                    return condition.equals(filter.getCondition()) ? filter
                            : filter.copy(filter.getTraitSet(), filter.getInput(), condition);
                }
                if (visited instanceof Join join) {
                    RexNode condition = RexUtil.pullFactors(rexBuilder, join.getCondition());
                    return condition.equals(join.getCondition()) ? join
                            : join.copy(join.getTraitSet(), condition, join.getLeft(), join.getRight(), join.getJoinType(),
                                    join.isSemiJoinDone());
                }
                return visited;
            }
        });
    }

    /**
     * From a join condition's {@code (a1 AND b1) OR (a2 AND b2)}, where the a's read only the
     * left input and the b's only the right, adds {@code a1 OR a2} and {@code b1 OR b2}: each
     * input can then be filtered before the join (TPC-H Q7's nation pairs, Q19's part and
     * lineitem branches). The original condition stays.
     */
    private static RelNode deriveSideFilters(RelNode plan) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (!(visited instanceof Join join) || join.getJoinType() != JoinRelType.INNER) {
                    return visited;
                }
                int leftWidth = join.getLeft().getRowType().getFieldCount();
                int width = leftWidth + join.getRight().getRowType().getFieldCount();
                ImmutableBitSet left = ImmutableBitSet.range(0, leftWidth);
                ImmutableBitSet right = ImmutableBitSet.range(leftWidth, width);
                RexBuilder rexBuilder = join.getCluster().getRexBuilder();
                List<RexNode> conjuncts = new ArrayList<>(
                        RelOptUtil.conjunctions(join.getCondition()));
                List<RexNode> derived = new ArrayList<>();
                for (RexNode conjunct : conjuncts) {
                    if (conjunct.getKind() != SqlKind.OR) {
                        continue;
                    }
                    ImmutableBitSet used = RelOptUtil.InputFinder.bits(conjunct);
                    if (left.contains(used) || right.contains(used)) {
                        continue; // one side only: pushed down as it is
                    }
                    for (ImmutableBitSet side : List.of(left, right)) {
                        RexNode restricted = restrict(conjunct, side, rexBuilder);
                        if (restricted != null && !conjuncts.contains(restricted) && !derived.contains(restricted)) {
                            derived.add(restricted);
                        }
                    }
                }
                if (derived.isEmpty()) {
                    return join;
                }
                conjuncts.addAll(derived);
                return join.copy(join.getTraitSet(), RexUtil.composeConjunction(rexBuilder, conjuncts), join.getLeft(),
                        join.getRight(), join.getJoinType(), join.isSemiJoinDone());
            }
        });
    }

    /**
     * In {@code Aggregate(input) JOIN other} on grouping keys (TPC-H Q2's, Q17's and Q20's
     * decorrelated subqueries), the groups without a partner in {@code other} are computed only
     * to be dropped by the join. When {@code other} is estimated at a small fraction
     * ({@link #REDUCTION_FACTOR}) of {@code input}'s rows, the aggregate reads
     * {@code input SEMI JOIN other} on the same keys instead: {@code other} is computed twice,
     * the aggregation runs over the few rows that matter.
     */
    private static RelNode reduceAggregateInputs(RelNode plan, RelBuilder relBuilder) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (!(visited instanceof Join join) || join.getJoinType() != JoinRelType.INNER) {
                    return visited;
                }
                JoinInfo info = join.analyzeCondition();
                if (info.leftKeys.isEmpty() || info.nullExclusionFlags.contains(false)) {
                    return visited; // NULL-safe keys would keep the NULL group
                }
                Cardinality cardinality = new Cardinality(join.getCluster().getMetadataQuery());
                RelNode left = reducedAggregate(join.getLeft(), info.leftKeys, join.getRight(), info.rightKeys,
                        cardinality, relBuilder);
                RelNode right = left != join.getLeft() ? join.getRight() : reducedAggregate(join.getRight(),
                        info.rightKeys, join.getLeft(), info.leftKeys, cardinality, relBuilder);
                if (left == join.getLeft() && right == join.getRight()) {
                    return visited;
                }
                return join.copy(join.getTraitSet(), join.getCondition(), left, right, join.getJoinType(),
                        join.isSemiJoinDone());
            }
        });
    }

    /** {@code side} (an Aggregate, or a Project of one) with its input semi-joined to {@code other}, or itself. */
    private static RelNode reducedAggregate(RelNode side, List<Integer> keys, RelNode other, List<Integer> otherKeys,
            Cardinality cardinality, RelBuilder relBuilder) {
        Project project = side instanceof Project p ? p : null;
        if (!((project == null ? side : project.getInput()) instanceof Aggregate aggregate)
                || aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return side;
        }
        List<Integer> inputKeys = new ArrayList<>();
        for (int key : keys) {
            int column = key;
            if (project != null) {
                if (!(project.getProjects().get(key) instanceof RexInputRef ref)) {
                    return side;
                }
                column = ref.getIndex();
            }
            if (column >= aggregate.getGroupCount()) {
                return side; // joined on an aggregate's result, not a grouping key
            }
            inputKeys.add(aggregate.getGroupSet().nth(column));
        }
        RelNode input = aggregate.getInput();
        if (input instanceof Join inputJoin && inputJoin.getJoinType() == JoinRelType.SEMI
                || cardinality.rows(other) * REDUCTION_FACTOR > cardinality.rows(input)) {
            return side;
        }
        relBuilder.push(input).push(other);
        List<RexNode> conditions = new ArrayList<>();
        for (int k = 0; k < inputKeys.size(); k++) {
            conditions.add(relBuilder.equals(relBuilder.field(2, 0, inputKeys.get(k)),
                    relBuilder.field(2, 1, otherKeys.get(k))));
        }
        RelNode reducedInput = relBuilder.semiJoin(conditions).build();
        RelNode reduced = aggregate.copy(aggregate.getTraitSet(), reducedInput, aggregate.getGroupSet(),
                aggregate.getGroupSets(), aggregate.getAggCallList());
        return project == null ? reduced : project.copy(project.getTraitSet(), List.of(reduced));
    }

    /** OR over the disjuncts of each one's conjuncts that read only {@code side}; null if some disjunct has none. */
    private static RexNode restrict(RexNode or, ImmutableBitSet side, RexBuilder rexBuilder) {
        List<RexNode> branches = new ArrayList<>();
        for (RexNode disjunct : RelOptUtil.disjunctions(or)) {
            List<RexNode> kept = new ArrayList<>();
            for (RexNode conjunct : RelOptUtil.conjunctions(disjunct)) {
                if (side.contains(RelOptUtil.InputFinder.bits(conjunct))) {
                    kept.add(conjunct);
                }
            }
            if (kept.isEmpty()) {
                return null;
            }
            branches.add(RexUtil.composeConjunction(rexBuilder, kept));
        }
        return RexUtil.composeDisjunction(rexBuilder, branches);
    }

    private static HepProgramBuilder simplify() {
        HepProgramBuilder builder = HepProgram.builder().addMatchOrder(HepMatchOrder.BOTTOM_UP);
        builder.addRuleCollection(SIMPLIFY);
        return builder;
    }

    private static RelNode run(RelNode rel, HepProgram program) {
        HepPlanner planner = new HepPlanner(program);
        planner.setExecutor(rel.getCluster().getPlanner().getExecutor());
        planner.setRoot(rel);
        return planner.findBestExp();
    }
}
