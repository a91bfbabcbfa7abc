package io.arbalest.planner.physical;

import io.arbalest.planner.catalog.Table;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.Call;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Exprs;
import io.arbalest.planner.expr.Function;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.sql.Cardinality;
import io.arbalest.planner.sql.LogicalQuery;
import io.arbalest.planner.sql.TableResolver;
import io.arbalest.planner.sql.TypeMapping;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.sql.SqlKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns an optimised Calcite plan into a physical plan for {@code partitions} parallel slots:
 * scans split into partitions, two-phase aggregation and top-N across an exchange, and a final
 * exchange so the result is one stream.
 */
public final class PhysicalPlanner {
    private final int partitions;
    private final long splitBytes;

    public PhysicalPlanner(int partitions, long splitBytes) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive");
        }
        this.partitions = partitions;
        this.splitBytes = splitBytes;
    }

    public PhysicalNode plan(LogicalQuery query) {
        PhysicalNode root = visit(query.plan());
        if (root.partitionCount() > 1) {
            root = ExchangeNode.gather(root);
        }
        return rename(root, query.columnNames());
    }

    /** Gives the output the names the user wrote; the plan's own may be generated (EXPR$0). */
    private static PhysicalNode rename(PhysicalNode root, List<String> names) {
        RowSchema schema = root.schema();
        if (schema.names().equals(names)) {
            return root;
        }
        List<Expr> refs = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            refs.add(new ColumnRef(i, schema.type(i)));
            columns.add(new Column(names.get(i), schema.type(i), schema.column(i).nullable()));
        }
        return new ProjectNode(root, refs, new RowSchema(columns));
    }

    private PhysicalNode visit(RelNode rel) {
        if (rel instanceof TableScan scan) {
            return scan(scan, null);
        }
        if (rel instanceof Project project) {
            return project(project);
        }
        if (rel instanceof Filter filter) {
            return filter(filter);
        }
        if (rel instanceof Aggregate aggregate) {
            return aggregate(aggregate);
        }
        if (rel instanceof Sort sort) {
            return sort(sort);
        }
        if (rel instanceof Values values) {
            return values(values);
        }
        if (rel instanceof Join join) {
            return join(join);
        }
        if (rel instanceof Union union && union.all) {
            return union(union);
        }
        if (rel instanceof Window window) {
            return window(window);
        }
        throw new UnsupportedFeatureException("The relational operator " + rel.getRelTypeName()
                + " is not supported yet.");
    }

    /**
     * Joins run as hash joins on their equi keys (a nested-loop join when there are none). The
     * build side is the input held in memory: for an INNER join the smaller by estimated rows,
     * else the right input (a RIGHT join is a LEFT join with sides swapped). A FULL join runs in
     * one partition, since unmatched build rows are known only after every probe row is seen.
     */
    private PhysicalNode join(Join join) {
        JoinRelType kind = join.getJoinType();
        PhysicalNode left = visit(join.getLeft());
        PhysicalNode right = visit(join.getRight());
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
        PhysicalNode joined = new HashJoinNode(probeInput, buildInput, type, probeKeys, buildKeys, nullSafe, residual,
                output);

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
        return new ProjectNode(joined, columns, outputSchema(join.getRowType(), columns));
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

    /**
     * One WindowNode per window group, chained: each appends its functions' columns, which is
     * Calcite's layout (input fields, then every group's calls in order). Operands past the
     * input's fields are the window's constants (LAG offsets and defaults, frame offsets).
     */
    private PhysicalNode window(Window window) {
        PhysicalNode current = visit(window.getInput());
        if (current.partitionCount() > 1) {
            current = ExchangeNode.gather(current);
        }
        int inputWidth = window.getInput().getRowType().getFieldCount();
        List<RelDataTypeField> fields = window.getRowType().getFieldList();
        int nextField = inputWidth;
        for (Window.Group group : window.groups) {
            List<SortKey> orderKeys = new ArrayList<>();
            for (RelFieldCollation collation : group.orderKeys.getFieldCollations()) {
                orderKeys.add(new SortKey(collation.getFieldIndex(), !collation.getDirection().isDescending(),
                        collation.nullDirection == RelFieldCollation.NullDirection.FIRST));
            }
            WindowNode.Frame frame = new WindowNode.Frame(group.isRows, bound(group.lowerBound, window, group),
                    bound(group.upperBound, window, group));
            List<WindowNode.Function> functions = new ArrayList<>();
            List<Column> columns = new ArrayList<>(current.schema().columns());
            for (Window.RexWinAggCall call : group.aggCalls) {
                RelDataTypeField field = fields.get(nextField++);
                WindowNode.Function function = windowFunction(call, window, current.schema(), field.getName());
                functions.add(function);
                columns.add(new Column(field.getName(), function.type(), field.getType().isNullable()));
            }
            current = new WindowNode(current, group.keys.asList(), orderKeys, frame, functions, new RowSchema(columns));
        }
        return current;
    }

    private static WindowNode.Bound bound(RexWindowBound bound, Window window, Window.Group group) {
        if (bound.isUnboundedPreceding()) {
            return new WindowNode.Bound(WindowNode.BoundKind.UNBOUNDED_PRECEDING, 0);
        }
        if (bound.isUnboundedFollowing()) {
            return new WindowNode.Bound(WindowNode.BoundKind.UNBOUNDED_FOLLOWING, 0);
        }
        if (bound.isCurrentRow()) {
            return new WindowNode.Bound(WindowNode.BoundKind.CURRENT_ROW, 0);
        }
        if (!group.isRows) {
            throw new UnsupportedFeatureException("RANGE frames with an offset (" + bound + ") are not supported yet; "
                    + "use ROWS BETWEEN n PRECEDING AND ... instead.");
        }
        Literal offset = constant(bound.getOffset(), window);
        if (offset.isNull() || !(offset.value() instanceof Long rows) || rows < 0) {
            throw new UnsupportedFeatureException("A ROWS frame offset must be a non-negative integer, not " + offset + ".");
        }
        return new WindowNode.Bound(bound.isPreceding() ? WindowNode.BoundKind.PRECEDING : WindowNode.BoundKind.FOLLOWING,
                rows);
    }

    /** A window operand that is a constant: a literal, or a reference past the input's fields. */
    private static Literal constant(RexNode node, Window window) {
        if (node instanceof RexLiteral literal) {
            return RexConverter.literal(literal);
        }
        if (node instanceof RexInputRef ref) {
            int width = window.getInput().getRowType().getFieldCount();
            if (ref.getIndex() >= width) {
                return RexConverter.literal(window.getConstants().get(ref.getIndex() - width));
            }
        }
        throw new UnsupportedFeatureException("A window function's offset and default must be constants, not " + node + ".");
    }

    private static WindowNode.Function windowFunction(Window.RexWinAggCall call, Window window, RowSchema input,
            String name) {
        if (call.distinct) {
            throw new UnsupportedFeatureException("DISTINCT inside a window function is not supported yet.");
        }
        int width = window.getInput().getRowType().getFieldCount();
        List<RexNode> operands = call.getOperands();
        OptionalInt argument = OptionalInt.empty();
        Optional<DataType> argumentType = Optional.empty();
        if (!operands.isEmpty() && operands.get(0) instanceof RexInputRef ref && ref.getIndex() < width) {
            argument = OptionalInt.of(ref.getIndex());
            argumentType = Optional.of(input.type(ref.getIndex()));
        }
        DataType type = TypeMapping.fromCalcite(call.getType());
        SqlKind kind = call.getOperator().getKind();
        WindowNode.Kind windowKind = switch (kind) {
            case ROW_NUMBER -> WindowNode.Kind.ROW_NUMBER;
            case RANK -> WindowNode.Kind.RANK;
            case DENSE_RANK -> WindowNode.Kind.DENSE_RANK;
            case LAG -> WindowNode.Kind.LAG;
            case LEAD -> WindowNode.Kind.LEAD;
            case SUM -> WindowNode.Kind.SUM;
            case SUM0 -> WindowNode.Kind.SUM0;
            case AVG -> WindowNode.Kind.AVG;
            case MIN -> WindowNode.Kind.MIN;
            case MAX -> WindowNode.Kind.MAX;
            case COUNT -> argument.isPresent() ? WindowNode.Kind.COUNT : WindowNode.Kind.COUNT_STAR;
            default -> throw new UnsupportedFeatureException("Window function " + call.getOperator().getName()
                    + " is not supported yet.");
        };
        boolean needsArgument = switch (windowKind) {
            case ROW_NUMBER, RANK, DENSE_RANK, COUNT_STAR -> false;
            default -> true;
        };
        if (needsArgument && argument.isEmpty()) {
            throw new UnsupportedFeatureException("Window function " + call.getOperator().getName()
                    + " needs a column argument; got " + operands + ".");
        }
        long offset = 1;
        Optional<Literal> defaultValue = Optional.empty();
        if (windowKind == WindowNode.Kind.LAG || windowKind == WindowNode.Kind.LEAD) {
            if (operands.size() > 1) {
                Literal literal = constant(operands.get(1), window);
                if (literal.isNull() || !(literal.value() instanceof Long rows) || rows < 0) {
                    throw new UnsupportedFeatureException("LAG/LEAD offset must be a non-negative integer, not "
                            + literal + ".");
                }
                offset = rows;
            }
            if (operands.size() > 2) {
                defaultValue = Optional.of((Literal) Coercions.cast(constant(operands.get(2), window), type));
            }
            if (!argumentType.orElseThrow().equals(type)) {
                throw new UnsupportedFeatureException("LAG/LEAD of " + argumentType.get() + " as " + type
                        + " is not supported yet; CAST the argument.");
            }
        }
        return new WindowNode.Function(windowKind, argument, argumentType, offset, defaultValue, type, name);
    }

    /** UNION ALL; each input cast to the union's column types where they differ. */
    private PhysicalNode union(Union union) {
        RowSchema schema = outputSchema(union.getRowType());
        List<PhysicalNode> inputs = new ArrayList<>();
        for (RelNode input : union.getInputs()) {
            PhysicalNode child = visit(input);
            if (!child.schema().columns().stream().map(Column::type).toList()
                    .equals(schema.columns().stream().map(Column::type).toList())) {
                List<Expr> casts = new ArrayList<>();
                for (int c = 0; c < schema.size(); c++) {
                    casts.add(Coercions.cast(new ColumnRef(c, child.schema().type(c)), schema.type(c)));
                }
                child = new ProjectNode(child, casts, schema);
            }
            inputs.add(child);
        }
        return new UnionNode(inputs, schema);
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

    private ScanNode scan(TableScan scan, List<Integer> columns) {
        Table table = TableResolver.resolve(scan);
        List<Integer> read = columns;
        if (read == null) {
            read = new ArrayList<>();
            for (int i = 0; i < table.schema().size(); i++) {
                read.add(i);
            }
        }
        return new ScanNode(table.name(), table.format(), table.schema(), read, Optional.empty(),
                SplitPlanner.plan(table, partitions, splitBytes));
    }

    private PhysicalNode project(Project project) {
        RelNode input = project.getInput();
        boolean onlyColumns = project.getProjects().stream().allMatch(p -> p instanceof RexInputRef);
        if (input instanceof TableScan scan && onlyColumns) {
            // Projection pushdown: the scan decodes only the referenced columns.
            List<Integer> columns = project.getProjects().stream().map(p -> ((RexInputRef) p).getIndex()).toList();
            return rename(scan(scan, columns), outputSchema(project.getRowType()).names());
        }
        PhysicalNode child = visit(input);
        RexConverter converter = new RexConverter(child.schema(), project.getCluster().getRexBuilder());
        List<Expr> expressions = project.getProjects().stream().map(converter::convert).toList();
        RowSchema schema = outputSchema(project.getRowType(), expressions);
        return new ProjectNode(child, expressions, schema);
    }

    private PhysicalNode filter(Filter filter) {
        PhysicalNode child = visit(filter.getInput());
        Expr predicate = new RexConverter(child.schema(), filter.getCluster().getRexBuilder())
                .convert(filter.getCondition());
        if (child instanceof ScanNode scan) {
            child = scan.withPredicate(Optional.of(predicate));
        }
        return new FilterNode(child, predicate);
    }

    private PhysicalNode aggregate(Aggregate aggregate) {
        PhysicalNode child = visit(aggregate.getInput());
        if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
            return groupingSets(aggregate, child);
        }
        List<Integer> keys = aggregate.getGroupSet().asList();
        List<RelDataTypeField> outputFields = aggregate.getRowType().getFieldList();
        List<AggregateCall> calls = new ArrayList<>();
        List<Integer> sumZero = new ArrayList<>();
        // LITERAL_AGG (from decorrelation) is a constant per group: computed after aggregating.
        List<Literal> literals = new ArrayList<>();
        List<Column> aggregated = new ArrayList<>();
        RowSchema calciteSchema = outputSchema(aggregate.getRowType());
        for (int k = 0; k < keys.size(); k++) {
            aggregated.add(calciteSchema.column(k));
        }
        for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
            org.apache.calcite.rel.core.AggregateCall call = aggregate.getAggCallList().get(i);
            if (call.getAggregation().getKind() == SqlKind.LITERAL_AGG) {
                DataType type = TypeMapping.fromCalcite(call.getType());
                literals.add((Literal) Coercions.cast(RexConverter.literal((RexLiteral) call.rexList.get(0)), type));
                continue;
            }
            literals.add(null);
            AggregateCall converted = aggregateCall(call, child.schema(), 0, outputFields.get(keys.size() + i).getName());
            calls.add(converted);
            aggregated.add(new Column(converted.name(), converted.type(),
                    outputFields.get(keys.size() + i).getType().isNullable()));
            if (call.getAggregation().getKind() == SqlKind.SUM0) {
                sumZero.add(aggregated.size() - 1);
            }
        }
        PhysicalNode result = hashAggregate(child, keys, calls, new RowSchema(aggregated));
        result = sumZero.isEmpty() ? result : coalesceToZero(result, sumZero);
        if (literals.stream().allMatch(java.util.Objects::isNull)) {
            return result;
        }
        List<Expr> expressions = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            expressions.add(new ColumnRef(k, result.schema().type(k)));
        }
        int next = keys.size();
        for (Literal literal : literals) {
            expressions.add(literal != null ? literal : new ColumnRef(next, result.schema().type(next++)));
        }
        return new ProjectNode(result, expressions, outputSchema(aggregate.getRowType(), expressions));
    }

    /**
     * GROUPING SETS, ROLLUP and CUBE: an Expand emits each row once per grouping set, with the
     * keys outside the set as NULL and the set's number as an extra key; GROUPING(...) values
     * are constants of each set and travel as keys too. A projection puts the columns in
     * Calcite's order.
     */
    private PhysicalNode groupingSets(Aggregate aggregate, PhysicalNode child) {
        RowSchema input = child.schema();
        List<Integer> keys = aggregate.getGroupSet().asList();
        int keyCount = keys.size();
        List<org.apache.calcite.rel.core.AggregateCall> aggCalls = aggregate.getAggCallList();
        List<org.apache.calcite.rel.core.AggregateCall> groupings = aggCalls.stream()
                .filter(c -> c.getAggregation().getKind() == SqlKind.GROUPING
                        || c.getAggregation().getKind() == SqlKind.GROUPING_ID)
                .toList();
        for (org.apache.calcite.rel.core.AggregateCall call : aggCalls) {
            if (call.getAggregation().getKind() == SqlKind.GROUP_ID) {
                throw new UnsupportedFeatureException("GROUP_ID() is not supported yet.");
            }
        }

        List<Column> expandColumns = new ArrayList<>();
        for (int key : keys) {
            expandColumns.add(new Column(input.column(key).name(), input.type(key), true));
        }
        expandColumns.addAll(input.columns());
        expandColumns.add(new Column("$grouping_set", DataType.BIGINT, false));
        for (int g = 0; g < groupings.size(); g++) {
            expandColumns.add(new Column("$grouping" + g, DataType.BIGINT, false));
        }
        List<List<Expr>> projections = new ArrayList<>();
        List<org.apache.calcite.util.ImmutableBitSet> sets = aggregate.getGroupSets();
        for (int set = 0; set < sets.size(); set++) {
            org.apache.calcite.util.ImmutableBitSet groupSet = sets.get(set);
            List<Expr> projection = new ArrayList<>();
            for (int key : keys) {
                projection.add(groupSet.get(key) ? new ColumnRef(key, input.type(key)) : Literal.nullOf(input.type(key)));
            }
            for (int c = 0; c < input.size(); c++) {
                projection.add(new ColumnRef(c, input.type(c)));
            }
            projection.add(new Literal((long) set, DataType.BIGINT));
            for (org.apache.calcite.rel.core.AggregateCall grouping : groupings) {
                long bits = 0;
                for (int arg : grouping.getArgList()) {
                    bits = (bits << 1) | (groupSet.get(arg) ? 0 : 1);
                }
                projection.add(new Literal(bits, DataType.BIGINT));
            }
            projections.add(projection);
        }
        ExpandNode expand = new ExpandNode(child, projections, new RowSchema(expandColumns));

        // Aggregate on [keys, set number, GROUPING values] with the other calls shifted past the keys.
        List<Integer> aggregateKeys = new ArrayList<>();
        List<Column> outputColumns = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            aggregateKeys.add(k);
            outputColumns.add(expandColumns.get(k));
        }
        for (int g = 0; g <= groupings.size(); g++) {
            aggregateKeys.add(keyCount + input.size() + g);
            outputColumns.add(expandColumns.get(keyCount + input.size() + g));
        }
        List<AggregateCall> calls = new ArrayList<>();
        List<RelDataTypeField> fields = aggregate.getRowType().getFieldList();
        for (int i = 0; i < aggCalls.size(); i++) {
            if (!groupings.contains(aggCalls.get(i))) {
                AggregateCall call = aggregateCall(aggCalls.get(i), input, keyCount, fields.get(keyCount + i).getName());
                calls.add(call);
                outputColumns.add(new Column(call.name(), call.type(), fields.get(keyCount + i).getType().isNullable()));
            }
        }
        // The empty grouping set (a grand total) has a row even when there is no input, as in SQL.
        Optional<List<Literal>> emptyInputGroup = Optional.empty();
        int emptySet = sets.indexOf(org.apache.calcite.util.ImmutableBitSet.of());
        if (emptySet >= 0) {
            List<Literal> values = new ArrayList<>();
            for (int k = 0; k < keyCount; k++) {
                values.add(Literal.nullOf(expandColumns.get(k).type()));
            }
            List<Expr> projection = projections.get(emptySet);
            for (int g = 0; g <= groupings.size(); g++) {
                values.add((Literal) projection.get(keyCount + input.size() + g));
            }
            emptyInputGroup = Optional.of(values);
        }
        PhysicalNode grouped = hashAggregate(expand, aggregateKeys, calls, new RowSchema(outputColumns), emptyInputGroup);

        // Calcite's order: keys, then each call (a GROUPING value or an aggregate).
        RowSchema groupedSchema = grouped.schema();
        List<Expr> expressions = new ArrayList<>();
        for (int k = 0; k < keyCount; k++) {
            expressions.add(new ColumnRef(k, groupedSchema.type(k)));
        }
        int nextGrouping = keyCount + 1;
        int nextAggregate = keyCount + 1 + groupings.size();
        for (org.apache.calcite.rel.core.AggregateCall call : aggCalls) {
            int column = groupings.contains(call) ? nextGrouping++ : nextAggregate++;
            DataType type = groupedSchema.type(column);
            Expr ref = new ColumnRef(column, type);
            if (call.getAggregation().getKind() == SqlKind.SUM0) {
                ref = Call.of(Function.COALESCE, type, ref, new Literal(type.isFloatingPoint() ? (Object) 0.0 : (Object) 0L, type));
            }
            expressions.add(ref);
        }
        return new ProjectNode(grouped, expressions, outputSchema(aggregate.getRowType(), expressions));
    }

    /** Converts one Calcite aggregate call whose argument columns sit {@code shift} columns further right. */
    private static AggregateCall aggregateCall(org.apache.calcite.rel.core.AggregateCall call, RowSchema input,
            int shift, String name) {
        if (call.isDistinct()) {
            throw new UnsupportedFeatureException("DISTINCT inside " + call.getAggregation().getName()
                    + " is not supported in this position yet.");
        }
        AggregateFunction function = switch (call.getAggregation().getKind()) {
            case COUNT -> call.getArgList().isEmpty() ? AggregateFunction.COUNT_STAR : AggregateFunction.COUNT;
            case SUM, SUM0 -> AggregateFunction.SUM;
            case AVG -> AggregateFunction.AVG;
            case MIN -> AggregateFunction.MIN;
            case MAX -> AggregateFunction.MAX;
            default -> throw new UnsupportedFeatureException("Aggregate function "
                    + call.getAggregation().getName() + " is not supported yet.");
        };
        if (call.getArgList().size() > 1) {
            throw new UnsupportedFeatureException(call.getAggregation().getName() + " with several arguments "
                    + "is not supported yet.");
        }
        OptionalInt argument = call.getArgList().isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(call.getArgList().get(0) + shift);
        Optional<DataType> argumentType = call.getArgList().isEmpty() ? Optional.empty()
                : Optional.of(input.type(call.getArgList().get(0)));
        OptionalInt filter = call.filterArg >= 0 ? OptionalInt.of(call.filterArg + shift) : OptionalInt.empty();
        return new AggregateCall(function, argument, argumentType, filter, TypeMapping.fromCalcite(call.getType()), name);
    }

    /** One aggregation step when the input is one partition, else partial per partition, gather, final. */
    private static PhysicalNode hashAggregate(PhysicalNode child, List<Integer> keys, List<AggregateCall> calls,
            RowSchema finalSchema) {
        return hashAggregate(child, keys, calls, finalSchema, Optional.empty());
    }

    private static PhysicalNode hashAggregate(PhysicalNode child, List<Integer> keys, List<AggregateCall> calls,
            RowSchema finalSchema, Optional<List<Literal>> emptyInputGroup) {
        if (child.partitionCount() == 1) {
            return new HashAggregateNode(child, AggregateMode.SINGLE, keys, calls, finalSchema, emptyInputGroup);
        }
        RowSchema inputSchema = child.schema();
        List<Column> partialColumns = new ArrayList<>();
        for (int key : keys) {
            partialColumns.add(inputSchema.column(key));
        }
        for (AggregateCall call : calls) {
            List<DataType> states = call.stateTypes();
            for (int s = 0; s < states.size(); s++) {
                partialColumns.add(new Column(call.name() + "$state" + s, states.get(s), true));
            }
        }
        PhysicalNode partial = new HashAggregateNode(child, AggregateMode.PARTIAL, keys, calls,
                new RowSchema(partialColumns));
        List<Integer> finalKeys = new ArrayList<>();
        for (int k = 0; k < keys.size(); k++) {
            finalKeys.add(k);
        }
        return new HashAggregateNode(ExchangeNode.gather(partial), AggregateMode.FINAL, finalKeys, calls, finalSchema,
                emptyInputGroup);
    }

    /** SUM0 (Calcite's COUNT rewrite) is a SUM that answers 0 instead of NULL when no row was summed. */
    private static PhysicalNode coalesceToZero(PhysicalNode input, List<Integer> columns) {
        RowSchema schema = input.schema();
        List<Expr> expressions = new ArrayList<>();
        List<Column> outputColumns = new ArrayList<>();
        for (int i = 0; i < schema.size(); i++) {
            DataType type = schema.type(i);
            Expr ref = new ColumnRef(i, type);
            if (columns.contains(i)) {
                Object zero = type.isFloatingPoint() ? (Object) 0.0 : (Object) 0L;
                expressions.add(Call.of(Function.COALESCE, type, ref, new Literal(zero, type)));
                outputColumns.add(new Column(schema.column(i).name(), type, false));
            } else {
                expressions.add(ref);
                outputColumns.add(schema.column(i));
            }
        }
        return new ProjectNode(input, expressions, new RowSchema(outputColumns));
    }

    private PhysicalNode sort(Sort sort) {
        PhysicalNode child = visit(sort.getInput());
        long offset = sort.offset == null ? 0 : longLiteral(sort.offset, "OFFSET");
        OptionalLong fetch = sort.fetch == null ? OptionalLong.empty() : OptionalLong.of(longLiteral(sort.fetch, "LIMIT"));
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
            boolean ascending = !collation.getDirection().isDescending();
            boolean nullsFirst = collation.nullDirection == RelFieldCollation.NullDirection.FIRST;
            keys.add(new SortKey(collation.getFieldIndex(), ascending, nullsFirst));
        }
        if (keys.isEmpty()) {
            if (child.partitionCount() > 1 && fetch.isPresent()) {
                child = ExchangeNode.gather(new LimitNode(child, 0, OptionalLong.of(offset + fetch.getAsLong())));
            } else if (child.partitionCount() > 1) {
                child = ExchangeNode.gather(child);
            }
            return new LimitNode(child, offset, fetch);
        }
        PhysicalNode sorted;
        if (fetch.isPresent()) {
            long keep = offset + fetch.getAsLong();
            if (child.partitionCount() > 1) {
                child = ExchangeNode.gather(SortNode.topN(child, keys, keep));
            }
            sorted = SortNode.topN(child, keys, keep);
        } else {
            if (child.partitionCount() > 1) {
                child = ExchangeNode.gather(child);
            }
            sorted = SortNode.full(child, keys);
        }
        return offset == 0 ? sorted : new LimitNode(sorted, offset, fetch);
    }

    private static long longLiteral(RexNode node, String clause) {
        if (node instanceof RexLiteral literal) {
            Long value = literal.getValueAs(Long.class);
            if (value != null && value >= 0) {
                return value;
            }
        }
        throw new UnsupportedFeatureException(clause + " must be a non-negative integer constant, not " + node + ".");
    }

    private PhysicalNode values(Values values) {
        RowSchema schema = outputSchema(values.getRowType());
        List<List<Literal>> rows = new ArrayList<>();
        for (List<RexLiteral> tuple : values.getTuples()) {
            List<Literal> row = new ArrayList<>();
            for (int i = 0; i < tuple.size(); i++) {
                row.add((Literal) Coercions.cast(RexConverter.literal(tuple.get(i)), schema.type(i)));
            }
            rows.add(row);
        }
        return new ValuesNode(schema, rows);
    }

    private static RowSchema outputSchema(RelDataType rowType) {
        List<Column> columns = new ArrayList<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            columns.add(new Column(field.getName(), TypeMapping.fromCalcite(field.getType()),
                    field.getType().isNullable()));
        }
        return new RowSchema(columns);
    }

    /** Names and nullability from Calcite, types from the converted expressions (they may be wider). */
    private static RowSchema outputSchema(RelDataType rowType, List<Expr> expressions) {
        List<Column> columns = new ArrayList<>();
        List<RelDataTypeField> fields = rowType.getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            columns.add(new Column(fields.get(i).getName(), expressions.get(i).type(), fields.get(i).getType().isNullable()));
        }
        return new RowSchema(columns);
    }

}
