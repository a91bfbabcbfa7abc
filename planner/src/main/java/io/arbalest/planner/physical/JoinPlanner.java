package io.arbalest.planner.physical;

import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Exprs;
import io.arbalest.planner.sql.Cardinality;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Plans Calcite joins as hash joins (see {@link #plan}). */
final class JoinPlanner {
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
     * else the right input (a RIGHT join is a LEFT join with sides swapped). A FULL join runs in
     * one partition, since unmatched build rows are known only after every probe row is seen.
     */
    static PhysicalNode plan(Join join, PhysicalNode left, PhysicalNode right) {
        JoinRelType kind = join.getJoinType();
        int leftWidth = left.schema().size();
        JoinInfo info = JoinInfo.of(join.getLeft(), join.getRight(), join.getCondition());
        RowSchema both = concat(left.schema(), right.schema());
        RexBuilder rexBuilder = join.getCluster().getRexBuilder();
        Optional<Expr> residual = info.nonEquiConditions.isEmpty() ? Optional.empty()
                : Optional.of(new RexConverter(both, rexBuilder)
                        .convert(RexUtil.composeConjunction(rexBuilder, info.nonEquiConditions)));

        boolean swap = switch (kind) {
            case RIGHT -> true;
            case INNER -> {
                Cardinality cardinality = new Cardinality(join.getCluster().getMetadataQuery());
                yield cardinality.rows(join.getLeft()) < cardinality.rows(join.getRight());
            }
            case LEFT, FULL, SEMI, ANTI -> false;
            default -> throw new UnsupportedFeatureException(kind + " joins are not supported yet.");
        };
        JoinType type = switch (kind) {
            case INNER -> JoinType.INNER;
            case LEFT, RIGHT -> JoinType.PROBE_OUTER;
            case FULL -> JoinType.FULL;
            case SEMI -> JoinType.SEMI;
            default -> JoinType.ANTI;
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
            if (!probeType.equals(buildType)) {
                DataType common = Coercions.commonType(probeType, buildType);
                if (!probeType.equals(common)) {
                    probeExtra.add(Coercions.cast(new ColumnRef(probeKeys.get(k), probeType), common));
                    probeKeys.set(k, probeWidth + probeExtra.size() - 1);
                }
                if (!buildType.equals(common)) {
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
        if (type.buildOuter() && probeInput.partitionCount() > 1) {
            probeInput = ExchangeNode.gather(probeInput);
        }

        RowSchema output = type.emitsBuildColumns()
                ? concat(outerNullable(probeInput.schema(), type.buildOuter()),
                        outerNullable(buildInput.schema(), type.probeOuter()))
                : probeInput.schema();
        double buildRows = new Cardinality(join.getCluster().getMetadataQuery()).rows(swap ? join.getLeft()
                : join.getRight());
        long buildBytes = Double.isFinite(buildRows) && buildRows >= 0
                ? (long) Math.min(Long.MAX_VALUE / 2.0, buildRows * estimatedRowBytes(buildInput.schema())) : -1;
        PhysicalNode joined = new HashJoinNode(probeInput, buildInput, type, probeKeys, buildKeys, nullSafe, residual,
                output, buildBytes);

        // Back to Calcite's layout: left columns then right columns (left only for SEMI and ANTI).
        List<Expr> columns = new ArrayList<>();
        int joinedProbeWidth = probeInput.schema().size();
        if (!type.emitsBuildColumns()) {
            for (int c = 0; c < probeWidth; c++) {
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
        if (columns.size() == output.size() && !swap) {
            return joined; // no extra key columns and already in order
        }
        return new ProjectNode(joined, columns, PhysicalPlanner.outputSchema(join.getRowType(), columns));
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
