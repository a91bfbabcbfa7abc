package io.arbalest.planner.physical;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Exprs;
import io.arbalest.planner.sql.Cardinality;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.ImmutableBitSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans Calcite joins as hash joins (see {@link #plan}). */
final class JoinPlanner {
    /**
     * A SEMI or ANTI join holds its left input instead of its right when the right is estimated at
     * more than this many times the left's rows: probing a small table with the large input beats
     * building a large one.
     */
    static final double BUILD_SEMI_FACTOR = 4;

    private JoinPlanner() {
    }

    /** Bytes of one row in Arrow vectors: 8 per fixed-width value (4 for INT/DATE), 24 for a string. */
    static long estimatedRowBytes(RowSchema schema) {
        long bytes = 0;
        for (int c = 0; c < schema.size(); c++) {
            DataType type = schema.type(c);
            bytes += type.kind() == DataType.Kind.VARCHAR ? 24 : type.isIntBacked() ? 4 : 8;
        }
        return Math.max(1, bytes);
    }

    /**
     * Joins run as hash joins on their equi keys (a nested-loop join when there are none). The
     * build side is the input held in memory: for an INNER join the smaller by estimated rows,
     * for SEMI and ANTI joins the right input unless it is estimated {@link #BUILD_SEMI_FACTOR}
     * times the left's rows (then the left rows are held and marked: BUILD_SEMI, BUILD_ANTI),
     * else the right input (a RIGHT join is a LEFT join with sides swapped). Joins that mark build
     * rows run their probe in one partition, since unmatched build rows are known only after
     * every probe row is seen. Conjuncts of the condition over one input only are applied to
     * that input before the join where the join type allows it.
     */
    static PhysicalNode plan(Join join, PhysicalNode left, PhysicalNode right) {
        JoinRelType kind = join.getJoinType();
        int leftWidth = left.schema().size();
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        List<RexNode> leftOnly = new ArrayList<>();
        List<RexNode> rightOnly = new ArrayList<>();
        List<RexNode> rest = new ArrayList<>();
        for (RexNode conjunct : info.nonEquiConditions) {
            ImmutableBitSet columns = RelOptUtil.InputFinder.bits(conjunct);
            boolean onLeft = !columns.isEmpty() && columns.nextSetBit(leftWidth) < 0;
            boolean onRight = !columns.isEmpty() && columns.nextSetBit(0) >= leftWidth;
            if (onLeft && pushesIntoLeft(kind)) {
                leftOnly.add(conjunct);
            } else if (onRight && pushesIntoRight(kind)) {
                rightOnly.add(RexUtil.shift(conjunct, -leftWidth));
            } else {
                rest.add(conjunct);
            }
        }
        left = filtered(left, leftOnly, rexBuilder);
        right = filtered(right, rightOnly, rexBuilder);
        RowSchema both = concat(left.schema(), right.schema());
        Optional<Expr> residual = rest.isEmpty() ? Optional.empty()
                : Optional.of(new RexConverter(both, rexBuilder).convert(RexUtil.composeConjunction(rexBuilder, rest)));

        Cardinality cardinality = new Cardinality(join.getCluster().getMetadataQuery());
        boolean swap = switch (kind) {
            case RIGHT -> true;
            case INNER -> cardinality.rows(join.getLeft()) < cardinality.rows(join.getRight());
            case SEMI, ANTI -> cardinality.rows(join.getRight()) > BUILD_SEMI_FACTOR * cardinality.rows(join.getLeft());
            case LEFT, FULL -> false;
            default -> throw new UnsupportedFeatureException(kind + " joins are not supported yet.");
        };
        JoinType type = switch (kind) {
            case INNER -> JoinType.INNER;
            case LEFT, RIGHT -> JoinType.PROBE_OUTER;
            case FULL -> JoinType.FULL;
            case SEMI -> swap ? JoinType.BUILD_SEMI : JoinType.SEMI;
            default -> swap ? JoinType.BUILD_ANTI : JoinType.ANTI;
        };
        PhysicalNode probe = swap ? right : left;
        PhysicalNode build = swap ? left : right;
        List<Integer> probeKeys = new ArrayList<>(swap ? info.rightKeys : info.leftKeys);
        List<Integer> buildKeys = new ArrayList<>(swap ? info.leftKeys : info.rightKeys);
        List<Boolean> nullSafe = info.nullExclusionFlags.stream().map(excludesNulls -> !excludesNulls).toList();
        if (swap) {
            // The residual was written over left ++ right; the join evaluates it over probe ++ build.
            int rightWidth = right.schema().size();
            residual = residual.map(r -> Exprs.mapColumns(r, c -> c < leftWidth ? c + rightWidth : c - leftWidth));
        }

        // Keys of different types (INT and BIGINT, decimals of different scales) are compared
        // as one common type, computed in extra columns appended to each side.
        int probeWidth = probe.schema().size();
        int buildWidth = build.schema().size();
        List<Expr> probeExtra = new ArrayList<>();
        List<Expr> buildExtra = new ArrayList<>();
        for (int k = 0; k < probeKeys.size(); k++) {
            DataType probeType = probe.schema().type(probeKeys.get(k));
            DataType buildType = build.schema().type(buildKeys.get(k));
            if (!Coercions.sameRepresentation(probeType, buildType)) {
                DataType common = Coercions.commonType(probeType, buildType);
                if (!Coercions.sameRepresentation(probeType, common)) {
                    probeExtra.add(Coercions.cast(new ColumnRef(probeKeys.get(k), probeType), common));
                    probeKeys.set(k, probeWidth + probeExtra.size() - 1);
                }
                if (!Coercions.sameRepresentation(buildType, common)) {
                    buildExtra.add(Coercions.cast(new ColumnRef(buildKeys.get(k), buildType), common));
                    buildKeys.set(k, buildWidth + buildExtra.size() - 1);
                }
            }
        }
        PhysicalNode probeInput = appendColumns(probe, probeExtra);
        PhysicalNode buildInput = appendColumns(build, buildExtra);
        if (!probeExtra.isEmpty()) {
            int extra = probeExtra.size();
            residual = residual.map(r -> Exprs.mapColumns(r, c -> c < probeWidth ? c : c + extra));
        }
        if (buildInput.partitionCount() > 1) {
            buildInput = ExchangeNode.gather(buildInput);
        }
        if (type.marksBuildRows() && probeInput.partitionCount() > 1) {
            probeInput = ExchangeNode.gather(probeInput);
        }

        RowSchema output = type.emitsPairs()
                ? concat(outerNullable(probeInput.schema(), type.buildOuter()),
                        outerNullable(buildInput.schema(), type.probeOuter()))
                : type == JoinType.SEMI || type == JoinType.ANTI ? probeInput.schema() : buildInput.schema();
        double buildRows = cardinality.rows(swap ? join.getLeft() : join.getRight());
        long buildBytes = Double.isFinite(buildRows) && buildRows >= 0
                ? (long) Math.min(Long.MAX_VALUE / 2.0, buildRows * estimatedRowBytes(buildInput.schema())) : -1;
        PhysicalNode joined = new HashJoinNode(probeInput, buildInput, type, probeKeys, buildKeys, nullSafe, residual,
                output, buildBytes);

        // Back to Calcite's layout: left columns then right columns (left only for SEMI and ANTI,
        // which is the probe side, or the build side once swapped).
        List<Expr> columns = new ArrayList<>();
        int joinedProbeWidth = probeInput.schema().size();
        if (!type.emitsPairs()) {
            for (int c = 0; c < (swap ? buildWidth : probeWidth); c++) {
                columns.add(new ColumnRef(c, output.type(c)));
            }
        } else {
            int[] order = new int[probeWidth + buildWidth];
            for (int c = 0; c < probeWidth; c++) {
                order[swap ? buildWidth + c : c] = c;
            }
            for (int c = 0; c < buildWidth; c++) {
                order[swap ? c : probeWidth + c] = joinedProbeWidth + c;
            }
            for (int column : order) {
                columns.add(new ColumnRef(column, output.type(column)));
            }
        }
        if (columns.size() == output.size() && (!swap || !type.emitsPairs())) {
            return joined; // no extra key columns and already in order
        }
        return new ProjectNode(joined, columns, PhysicalPlanner.outputSchema(join.getRowType(), columns));
    }

    /** Whether a conjunct of the condition over the left input only may filter that input first. */
    private static boolean pushesIntoLeft(JoinRelType kind) {
        // An ANTI or LEFT join keeps the left rows that fail it; a FULL join keeps both sides.
        return kind == JoinRelType.INNER || kind == JoinRelType.SEMI || kind == JoinRelType.RIGHT;
    }

    /** Whether a conjunct of the condition over the right input only may filter that input first. */
    private static boolean pushesIntoRight(JoinRelType kind) {
        return kind == JoinRelType.INNER || kind == JoinRelType.SEMI || kind == JoinRelType.ANTI
                || kind == JoinRelType.LEFT;
    }

    private static PhysicalNode filtered(PhysicalNode input, List<RexNode> conjuncts, RexBuilder rexBuilder) {
        if (conjuncts.isEmpty()) {
            return input;
        }
        Expr predicate = new RexConverter(input.schema(), rexBuilder)
                .convert(RexUtil.composeConjunction(rexBuilder, conjuncts));
        return new FilterNode(input, predicate);
    }

    private static RowSchema concat(RowSchema first, RowSchema second) {
        List<Column> columns = new ArrayList<>(first.columns());
        columns.addAll(second.columns());
        return new RowSchema(columns);
    }

    private static RowSchema outerNullable(RowSchema schema, boolean nullable) {
        if (!nullable) {
            return schema;
        }
        return new RowSchema(schema.columns().stream().map(c -> new Column(c.name(), c.type(), true)).toList());
    }

    /** {@code input} with {@code extra} computed columns after its own. */
    private static PhysicalNode appendColumns(PhysicalNode input, List<Expr> extra) {
        if (extra.isEmpty()) {
            return input;
        }
        RowSchema schema = input.schema();
        List<Expr> expressions = new ArrayList<>();
        List<Column> columns = new ArrayList<>(schema.columns());
        for (int c = 0; c < schema.size(); c++) {
            expressions.add(new ColumnRef(c, schema.type(c)));
        }
        for (int i = 0; i < extra.size(); i++) {
            expressions.add(extra.get(i));
            columns.add(new Column("$key" + i, extra.get(i).type(), true));
        }
        return new ProjectNode(input, expressions, new RowSchema(columns));
    }
}
