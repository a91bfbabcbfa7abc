package io.arbalest.planner.sql;

import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.rules.MultiJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders the inputs of each all-inner MultiJoin greedily by estimated intermediate size
 * ({@link Cardinality}): first the connected pair with the smallest join, then each time the
 * connected input that keeps the intermediate smallest, into a left-deep tree. A cross product
 * happens only when no input is connected. MultiJoins with outer joins are left to Calcite's
 * LoptOptimizeJoinRule.
 */
final class JoinOrdering {
    private JoinOrdering() {
    }

    static RelNode apply(RelNode plan, RelBuilder relBuilder) {
        return plan.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof MultiJoin multiJoin && allInner(multiJoin)) {
                    return order(multiJoin, relBuilder);
                }
                return visited;
            }
        });
    }

    private static boolean allInner(MultiJoin multiJoin) {
        if (multiJoin.isFullOuterJoin()) {
            return false;
        }
        for (int i = 0; i < multiJoin.getInputs().size(); i++) {
            if (multiJoin.getJoinTypes().get(i) != JoinRelType.INNER || multiJoin.getOuterJoinConditions().get(i) != null) {
                return false;
            }
        }
        return true;
    }

    private static RelNode order(MultiJoin multiJoin, RelBuilder relBuilder) {
        List<RelNode> inputs = multiJoin.getInputs();
        int n = inputs.size();
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            offsets[i + 1] = offsets[i] + inputs.get(i).getRowType().getFieldCount();
        }
        int[] factorOf = new int[offsets[n]];
        for (int i = 0; i < n; i++) {
            for (int f = offsets[i]; f < offsets[i + 1]; f++) {
                factorOf[f] = i;
            }
        }
        List<RexNode> conjuncts = RelOptUtil.conjunctions(multiJoin.getJoinFilter());
        List<ImmutableBitSet> factorsOf = new ArrayList<>();
        for (RexNode conjunct : conjuncts) {
            ImmutableBitSet.Builder factors = ImmutableBitSet.builder();
            for (int field : RelOptUtil.InputFinder.bits(conjunct)) {
                factors.set(factorOf[field]);
            }
            factorsOf.add(factors.build());
        }
        Cardinality cardinality = new Cardinality(multiJoin.getCluster().getMetadataQuery());

        // Greedy from every starting input; keep the cheapest order.
        // Inputs count as connected through equi-join conditions only: a join on anything else is
        // nearly a cross product and is better placed once its inputs are small.
        List<ImmutableBitSet> equiFactorsOf = new ArrayList<>();
        for (int c = 0; c < conjuncts.size(); c++) {
            RexNode conjunct = conjuncts.get(c);
            boolean equi = conjunct.getKind() == SqlKind.EQUALS && conjunct instanceof RexCall call
                    && call.getOperands().get(0) instanceof RexInputRef && call.getOperands().get(1) instanceof RexInputRef;
            equiFactorsOf.add(equi ? factorsOf.get(c) : ImmutableBitSet.of());
        }
        Estimates estimates = new Estimates(cardinality, inputs, offsets, factorOf, conjuncts, factorsOf, equiFactorsOf);
        List<Integer> order = null;
        double bestCost = Double.MAX_VALUE;
        for (int first = 0; first < n; first++) {
            List<Integer> candidateOrder = new ArrayList<>();
            double cost = greedy(estimates, n, first, candidateOrder);
            if (cost < bestCost) {
                bestCost = cost;
                order = candidateOrder;
            }
        }
        // The first two inputs: the larger goes first, as the probe side of the left-deep tree.
        if (cardinality.rows(inputs.get(order.get(1))) > cardinality.rows(inputs.get(order.get(0)))) {
            order.set(0, order.set(1, order.get(0)));
        }
        return build(multiJoin, relBuilder, order, offsets, conjuncts, factorsOf);
    }

    private record Estimates(Cardinality cardinality, List<RelNode> inputs, int[] offsets, int[] factorOf,
            List<RexNode> conjuncts, List<ImmutableBitSet> factorsOf, List<ImmutableBitSet> equiFactorsOf) {
        double rows(ImmutableBitSet joined, double joinedRows, int candidate) {
            return joinRows(cardinality, inputs, offsets, factorOf, conjuncts, factorsOf, joined, joinedRows, candidate);
        }
    }

    /**
     * Starting from {@code first}, adds each time the connected input giving the smallest join
     * (a cross product with the smallest input when none is connected); fills {@code order} and
     * returns its cost: every join's estimated output rows plus twice the rows of its smaller input.
     */
    private static double greedy(Estimates estimates, int n, int first, List<Integer> order) {
        order.add(first);
        ImmutableBitSet joined = ImmutableBitSet.of(first);
        double rows = estimates.cardinality().rows(estimates.inputs().get(first));
        double cost = 0;
        while (order.size() < n) {
            int best = -1;
            double bestRows = Double.MAX_VALUE;
            for (int candidate = 0; candidate < n; candidate++) {
                if (!joined.get(candidate) && connected(estimates.equiFactorsOf(), joined, candidate)) {
                    double estimate = estimates.rows(joined, rows, candidate);
                    if (estimate < bestRows) {
                        bestRows = estimate;
                        best = candidate;
                    }
                }
            }
            if (best < 0) {
                for (int candidate = 0; candidate < n; candidate++) {
                    double candidateRows = estimates.cardinality().rows(estimates.inputs().get(candidate));
                    if (!joined.get(candidate) && candidateRows < bestRows) {
                        bestRows = candidateRows;
                        best = candidate;
                    }
                }
                bestRows = rows * bestRows;
            }
            // A hash join costs its output plus building the smaller input into a table (twice a row's cost).
            double buildRows = Math.min(rows, estimates.cardinality().rows(estimates.inputs().get(best)));
            order.add(best);
            joined = joined.set(best);
            rows = bestRows;
            cost += rows + 2 * buildRows;
        }
        return cost;
    }

    private static boolean connected(List<ImmutableBitSet> factorsOf, ImmutableBitSet joined, int candidate) {
        for (ImmutableBitSet factors : factorsOf) {
            if (factors.get(candidate) && factors.cardinality() > 1 && joined.contains(factors.clear(candidate))
                    && !factors.clear(candidate).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Estimated rows of (joined) ⋈ candidate over the conjuncts that become applicable: the
     * cross product divided by {@link Cardinality#keyCombinations}, halved per other condition.
     */
    private static double joinRows(Cardinality cardinality, List<RelNode> inputs, int[] offsets, int[] factorOf,
            List<RexNode> conjuncts, List<ImmutableBitSet> factorsOf, ImmutableBitSet joined, double joinedRows,
            int candidate) {
        double candidateRows = cardinality.rows(inputs.get(candidate));
        double estimate = joinedRows * candidateRows;
        ImmutableBitSet after = joined.set(candidate);
        // Keys to the same other input form one composite key; keys to different inputs are independent.
        java.util.Map<Integer, double[]> composite = new java.util.HashMap<>(); // widest, joined combos, candidate combos
        for (int c = 0; c < conjuncts.size(); c++) {
            ImmutableBitSet factors = factorsOf.get(c);
            if (!factors.get(candidate) || !after.contains(factors) || factors.cardinality() < 2) {
                continue;
            }
            RexNode conjunct = conjuncts.get(c);
            if (conjunct.getKind() == SqlKind.EQUALS && conjunct instanceof RexCall call
                    && call.getOperands().get(0) instanceof RexInputRef a && call.getOperands().get(1) instanceof RexInputRef b
                    && (factorOf[a.getIndex()] == candidate) != (factorOf[b.getIndex()] == candidate)) {
                RexInputRef mine = factorOf[a.getIndex()] == candidate ? a : b;
                RexInputRef theirs = mine == a ? b : a;
                int theirFactor = factorOf[theirs.getIndex()];
                double mineDistinct = Math.min(candidateRows,
                        cardinality.distinct(inputs.get(candidate), mine.getIndex() - offsets[candidate]));
                double theirDistinct = Math.min(joinedRows,
                        cardinality.distinct(inputs.get(theirFactor), theirs.getIndex() - offsets[theirFactor]));
                double[] key = composite.computeIfAbsent(theirFactor, f -> new double[] {1, 1, 1});
                key[0] = Math.max(key[0], Math.max(mineDistinct, theirDistinct));
                key[1] *= theirDistinct;
                key[2] *= mineDistinct;
            } else {
                estimate *= 0.5;
            }
        }
        for (double[] key : composite.values()) {
            estimate /= Cardinality.keyCombinations(key[0], Math.min(key[1], joinedRows), Math.min(key[2], candidateRows));
        }
        return Math.max(1, estimate);
    }

    /** A left-deep tree in {@code order}, then a projection back to the MultiJoin's field order. */
    private static RelNode build(MultiJoin multiJoin, RelBuilder relBuilder, List<Integer> order, int[] offsets,
            List<RexNode> conjuncts, List<ImmutableBitSet> factorsOf) {
        List<RelNode> inputs = multiJoin.getInputs();
        int fields = offsets[inputs.size()];
        int[] position = new int[fields]; // original field -> position in the tree built so far
        boolean[] applied = new boolean[conjuncts.size()];
        RexBuilder rexBuilder = multiJoin.getCluster().getRexBuilder();
        ImmutableBitSet joined = ImmutableBitSet.of();
        int width = 0;
        for (int step = 0; step < order.size(); step++) {
            int factor = order.get(step);
            for (int f = offsets[factor]; f < offsets[factor + 1]; f++) {
                position[f] = width + f - offsets[factor];
            }
            width += offsets[factor + 1] - offsets[factor];
            joined = joined.set(factor);
            relBuilder.push(inputs.get(factor));
            if (step == 0) {
                continue;
            }
            List<RexNode> condition = new ArrayList<>();
            for (int c = 0; c < conjuncts.size(); c++) {
                if (!applied[c] && joined.contains(factorsOf.get(c))) {
                    applied[c] = true;
                    condition.add(remap(conjuncts.get(c), position));
                }
            }
            relBuilder.join(JoinRelType.INNER, RexUtil.composeConjunction(rexBuilder, condition));
        }
        List<RexNode> projection = new ArrayList<>();
        for (int f = 0; f < fields; f++) {
            projection.add(relBuilder.field(position[f]));
        }
        relBuilder.project(projection, multiJoin.getRowType().getFieldNames(), true);
        if (multiJoin.getPostJoinFilter() != null) {
            relBuilder.filter(multiJoin.getPostJoinFilter());
        }
        return relBuilder.build();
    }

    private static RexNode remap(RexNode conjunct, int[] position) {
        return conjunct.accept(new RexShuttle() {
            @Override
            public RexNode visitInputRef(RexInputRef ref) {
                return new RexInputRef(position[ref.getIndex()], ref.getType());
            }
        });
    }
}
