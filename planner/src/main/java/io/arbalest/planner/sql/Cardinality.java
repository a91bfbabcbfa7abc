package io.arbalest.planner.sql;

import io.arbalest.planner.catalog.ColumnRange;
import io.arbalest.planner.catalog.Table;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Row-count and distinct-value estimates for join ordering and build-side choice. Calcite's
 * defaults guess every equi-join keeps 15% of the cross product; here an equi-join keeps
 * {@code |L| * |R| / max(ndv(l), ndv(r))}, with distinct counts of integer key columns taken
 * from the width of their min/max range in the Parquet footers (capped by the row count), so
 * that key/foreign-key joins are recognised as such.
 */
public final class Cardinality {
    private static final double RANGE_SELECTIVITY = 1.0 / 3;
    private static final double OTHER_SELECTIVITY = 0.5;
    private static final double UNKNOWN_EQUALITY_SELECTIVITY = 0.15;
    /** Ranges this wide stand for "no usable statistics" (see WarehouseCatalog). */
    private static final double UNBOUNDED_RANGE = 1e15;

    private final RelMetadataQuery metadata;
    private final Map<RelNode, Double> rows = new IdentityHashMap<>();

    public Cardinality(RelMetadataQuery metadata) {
        this.metadata = metadata;
    }

    public double rows(RelNode rel) {
        Double known = rows.get(rel);
        if (known == null) {
            known = Math.max(1.0, estimate(rel));
            rows.put(rel, known);
        }
        return known;
    }

    private double estimate(RelNode rel) {
        if (rel instanceof TableScan scan) {
            return TableResolver.range(scan).isPresent() ? scan.getTable().getRowCount()
                    : TableResolver.resolve(scan).estimatedRowCount();
        }
        if (rel instanceof Filter filter) {
            return rows(filter.getInput()) * selectivity(filter.getInput(), filter.getCondition());
        }
        if (rel instanceof Project project) {
            return rows(project.getInput());
        }
        if (rel instanceof Aggregate aggregate) {
            if (aggregate.getGroupSet().isEmpty()) {
                return 1;
            }
            double groups = 1;
            for (int key : aggregate.getGroupSet()) {
                groups *= distinct(aggregate.getInput(), key);
            }
            return Math.min(groups, rows(aggregate.getInput())) * aggregate.getGroupSets().size();
        }
        if (rel instanceof Join join) {
            return join(join);
        }
        if (rel instanceof Sort sort && sort.fetch instanceof RexLiteral fetch) {
            Long limit = fetch.getValueAs(Long.class);
            return limit == null ? rows(sort.getInput()) : Math.min(limit, rows(sort.getInput()));
        }
        if (rel instanceof Sort sort) {
            return rows(sort.getInput());
        }
        Double fallback = metadata.getRowCount(rel);
        return fallback == null ? 1000 : fallback;
    }

    private double join(Join join) {
        double left = rows(join.getLeft());
        double right = rows(join.getRight());
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        double inner = left * right * equiSelectivity(join.getLeft(), info.leftKeys.toIntArray(), join.getRight(),
                info.rightKeys.toIntArray()) * Math.pow(OTHER_SELECTIVITY, info.nonEquiConditions.size());
        return switch (join.getJoinType()) {
            case INNER -> inner;
            case LEFT -> Math.max(inner, left);
            case RIGHT -> Math.max(inner, right);
            case FULL -> Math.max(inner, left + right);
            case SEMI -> Math.min(left, inner);
            case ANTI -> Math.max(left * 0.1, left - Math.min(left, inner));
            default -> inner;
        };
    }

    /** The fraction of pairs whose equi keys are all equal: 1 / {@link #keyCombinations}. */
    public double equiSelectivity(RelNode left, int[] leftKeys, RelNode right, int[] rightKeys) {
        if (leftKeys.length == 0) {
            return 1;
        }
        double leftCombinations = 1;
        double rightCombinations = 1;
        double widestKey = 1;
        for (int k = 0; k < leftKeys.length; k++) {
            double leftDistinct = distinct(left, leftKeys[k]);
            double rightDistinct = distinct(right, rightKeys[k]);
            leftCombinations *= leftDistinct;
            rightCombinations *= rightDistinct;
            widestKey = Math.max(widestKey, Math.max(leftDistinct, rightDistinct));
        }
        return 1 / keyCombinations(widestKey, Math.min(leftCombinations, rows(left)),
                Math.min(rightCombinations, rows(right)));
    }

    /**
     * How many distinct key values an equi-join's match is spread over. One key: the larger
     * distinct count of its two sides (the usual containment assumption). Several keys are not
     * independent ((l_partkey, l_suppkey) takes only partsupp's 800,000 combinations, not
     * 200,000 x 10,000): the smaller side's combinations (products of distinct counts capped by
     * rows), but never fewer than the widest single key.
     */
    static double keyCombinations(double widestKey, double leftCombinations, double rightCombinations) {
        return Math.max(1, Math.max(widestKey, Math.min(leftCombinations, rightCombinations)));
    }

    /** True when {@code column} comes from a table column with a known min/max range. */
    private boolean hasRange(RelNode rel, int column) {
        RelColumnOrigin origin = metadata.getColumnOrigin(rel, column);
        if (origin == null || origin.isDerived()) {
            return false;
        }
        CatalogSchema.CatalogTable table = origin.getOriginTable().unwrap(CatalogSchema.CatalogTable.class);
        return table != null && table.table().ranges().get(origin.getOriginColumnOrdinal())
                .map(r -> r.width() < UNBOUNDED_RANGE).orElse(false);
    }

    /** Distinct values of {@code column}: the table column's, capped by the rows of {@code rel}. */
    public double distinct(RelNode rel, int column) {
        double rowCount = rows(rel);
        RelColumnOrigin origin = metadata.getColumnOrigin(rel, column);
        if (origin == null || origin.isDerived()) {
            return rowCount;
        }
        RelOptTable table = origin.getOriginTable();
        CatalogSchema.CatalogTable catalogTable = table.unwrap(CatalogSchema.CatalogTable.class);
        if (catalogTable == null) {
            return rowCount;
        }
        Table source = catalogTable.table();
        Optional<ColumnRange> range = source.ranges().get(origin.getOriginColumnOrdinal());
        double tableRows = Math.max(1, source.estimatedRowCount());
        java.util.OptionalLong known = source.statistics().distinctCounts().get(origin.getOriginColumnOrdinal());
        double distinct = known.isPresent() ? Math.min(known.getAsLong(), tableRows)
                : range.map(r -> Math.min(r.width(), tableRows)).orElse(tableRows);
        return Math.max(1, Math.min(distinct, rowCount));
    }

    /** Estimated fraction of {@code input}'s rows for which {@code condition} is TRUE. */
    public double selectivity(RelNode input, RexNode condition) {
        double selectivity = 1;
        java.util.Set<Integer> rangeColumns = new java.util.HashSet<>();
        for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
            int rangeColumn = rangeColumn(conjunct);
            if (rangeColumn >= 0 && !rangeColumns.add(rangeColumn)) {
                continue; // the other end of a BETWEEN: the range was counted once already
            }
            selectivity *= conjunctSelectivity(input, conjunct);
        }
        return selectivity;
    }

    /** The column of {@code column <op> constant} for a range comparison, or -1. */
    private static int rangeColumn(RexNode conjunct) {
        return switch (conjunct.getKind()) {
            case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> columnOf((RexCall) conjunct);
            default -> -1;
        };
    }

    private double conjunctSelectivity(RelNode input, RexNode conjunct) {
        if (conjunct.getKind() == SqlKind.SEARCH) {
            conjunct = RexUtil.expandSearch(input.getCluster().getRexBuilder(), null, conjunct);
        }
        if (conjunct.getKind() == SqlKind.AND) {
            return selectivity(input, conjunct);
        }
        if (conjunct instanceof RexCall call) {
            switch (call.getKind()) {
                case EQUALS -> {
                    int column = columnOf(call);
                    if (column < 0) {
                        return OTHER_SELECTIVITY;
                    }
                    // Without a key range (strings, floats) the distinct count is unknown: Calcite's guess.
                    return hasRange(input, column) ? 1 / distinct(input, column) : UNKNOWN_EQUALITY_SELECTIVITY;
                }
                case OR -> {
                    double sum = 0;
                    for (RexNode operand : call.getOperands()) {
                        sum += conjunctSelectivity(input, operand);
                    }
                    return Math.min(1, sum);
                }
                case NOT_EQUALS -> {
                    return 1 - conjunctSelectivity(input, input.getCluster().getRexBuilder().makeCall(
                            org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS, call.getOperands()));
                }
                case LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                    return RANGE_SELECTIVITY;
                }
                case LIKE -> {
                    return 0.25;
                }
                case IS_NULL -> {
                    return 0.1;
                }
                case IS_NOT_NULL -> {
                    return 0.9;
                }
                default -> {
                    return OTHER_SELECTIVITY;
                }
            }
        }
        return OTHER_SELECTIVITY;
    }

    /** The column of {@code column = constant} (either way round), or -1. */
    private static int columnOf(RexCall call) {
        RexNode a = call.getOperands().get(0);
        RexNode b = call.getOperands().get(1);
        if (a instanceof RexInputRef ref && RexUtil.isConstant(b)) {
            return ref.getIndex();
        }
        if (b instanceof RexInputRef ref && RexUtil.isConstant(a)) {
            return ref.getIndex();
        }
        return -1;
    }
}
