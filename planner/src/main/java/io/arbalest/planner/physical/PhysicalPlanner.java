package io.arbalest.planner.physical;

import io.arbalest.planner.catalog.Table;
import io.arbalest.planner.error.UnsupportedFeatureException;
import io.arbalest.planner.expr.ColumnRef;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.expr.Literal;
import io.arbalest.planner.sql.LogicalQuery;
import io.arbalest.planner.sql.TableResolver;
import io.arbalest.planner.sql.TypeMapping;
import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.RowSchema;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns an optimised Calcite plan into a physical plan for {@code partitions} parallel slots:
 * scans split into partitions, two-phase aggregation and top-N across an exchange, and a final
 * exchange so the result is one stream.
 */
public final class PhysicalPlanner {
    private final int partitions;
    private final long splitBytes;
    /** The filter over each scan of a partitioned table, over the table's columns: it chooses the partitions read. */
    private final java.util.IdentityHashMap<TableScan, RexNode> partitionFilters = new java.util.IdentityHashMap<>();

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
            if (aggregate.getInput() instanceof TableScan scan && readsNoColumn(aggregate)
                    && TableResolver.range(scan).isEmpty()) {
                // COUNT(*) needs rows, not values: decode only the narrowest column.
                return AggregatePlanner.plan(aggregate, scan(scan, List.of(narrowestColumn(scan))));
            }
            return AggregatePlanner.plan(aggregate, visit(aggregate.getInput()));
        }
        if (rel instanceof Sort sort) {
            return sort(sort);
        }
        if (rel instanceof Values values) {
            return values(values);
        }
        if (rel instanceof Join join) {
            return JoinPlanner.plan(join, visit(join.getLeft()), visit(join.getRight()));
        }
        if (rel instanceof Union union && union.all) {
            return union(union);
        }
        if (rel instanceof Window window) {
            return WindowPlanner.plan(window, visit(window.getInput()));
        }
        throw new UnsupportedFeatureException("The relational operator " + rel.getRelTypeName()
                + " is not supported yet.");
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

    /** An aggregate without group keys whose calls take no argument and no filter (COUNT(*)). */
    private static boolean readsNoColumn(Aggregate aggregate) {
        return aggregate.getGroupSet().isEmpty() && aggregate.getGroupSets().size() == 1
                && aggregate.getAggCallList().stream().allMatch(call -> call.getArgList().isEmpty() && call.filterArg < 0);
    }

    private static int narrowestColumn(TableScan scan) {
        RowSchema schema = TableResolver.resolve(scan).schema();
        int narrowest = 0;
        for (int c = 1; c < schema.size(); c++) {
            if (JoinPlanner.estimatedRowBytes(RowSchema.of(schema.column(c)))
                    < JoinPlanner.estimatedRowBytes(RowSchema.of(schema.column(narrowest)))) {
                narrowest = c;
            }
        }
        return narrowest;
    }

    /** Rows a range partition should produce at least, so that a small range is not cut into many tasks. */
    private static final long RANGE_ROWS_PER_PARTITION = 1 << 16;

    private PhysicalNode scan(TableScan scan, List<Integer> columns) {
        Optional<long[]> range = TableResolver.range(scan);
        if (range.isPresent()) {
            long[] bounds = range.get();
            long count = RangeNode.count(bounds[0], bounds[1], bounds[2]);
            int parts = (int) Math.max(1, Math.min(partitions, count / RANGE_ROWS_PER_PARTITION));
            return new RangeNode(bounds[0], bounds[1], bounds[2], parts);
        }
        Table table = TableResolver.resolve(scan);
        List<Integer> read = columns;
        if (read == null) {
            read = new ArrayList<>();
            for (int i = 0; i < table.schema().size(); i++) {
                read.add(i);
            }
        }
        List<io.arbalest.planner.catalog.DataFile> files = table.files();
        Optional<ScanNode.PartitionsRead> partitionsRead = Optional.empty();
        if (table.partitionColumnCount() > 0) {
            List<List<Literal>> values = table.partitionSource().map(io.arbalest.planner.catalog.PartitionSource::partitions)
                    .orElseGet(() -> table.files().stream().map(io.arbalest.planner.catalog.DataFile::partitionValues)
                            .distinct().toList());
            RexNode filter = partitionFilters.get(scan);
            List<Integer> selected = filter == null ? java.util.stream.IntStream.range(0, values.size()).boxed().toList()
                    : PartitionPruner.select(values, filter, table.schema().size() - table.partitionColumnCount(),
                            scan.getRowType(), scan.getCluster().getRexBuilder());
            if (table.partitionSource().isPresent()) {
                files = table.partitionSource().get().files(selected);
            } else {
                java.util.Set<List<Literal>> chosen = new java.util.HashSet<>();
                selected.forEach(i -> chosen.add(values.get(i)));
                files = files.stream().filter(f -> chosen.contains(f.partitionValues())).toList();
            }
            partitionsRead = Optional.of(new ScanNode.PartitionsRead(selected.size(), values.size()));
        }
        return new ScanNode(table.name(), table.format(), table.schema(), read, Optional.empty(),
                SplitPlanner.plan(table, files, partitions, splitBytes), partitionsRead, table.formatOptions());
    }

    private PhysicalNode project(Project project) {
        RelNode input = project.getInput();
        boolean onlyColumns = project.getProjects().stream().allMatch(p -> p instanceof RexInputRef);
        if (input instanceof TableScan scan && onlyColumns && TableResolver.range(scan).isEmpty()) {
            // Projection pushdown: the scan decodes only the referenced columns, each once.
            List<Integer> columns = project.getProjects().stream().map(p -> ((RexInputRef) p).getIndex()).toList();
            List<Integer> distinct = columns.stream().distinct().toList();
            if (distinct.size() == columns.size()) {
                return rename(scan(scan, columns), outputSchema(project.getRowType()).names());
            }
            PhysicalNode read = scan(scan, distinct);
            List<Expr> expressions = columns.stream()
                    .map(c -> (Expr) new ColumnRef(distinct.indexOf(c), read.schema().type(distinct.indexOf(c)))).toList();
            return new ProjectNode(read, expressions, outputSchema(project.getRowType(), expressions));
        }
        PhysicalNode child = visit(input);
        RexConverter converter = new RexConverter(child.schema(), project.getCluster().getRexBuilder());
        List<Expr> expressions = project.getProjects().stream().map(converter::convert).toList();
        RowSchema schema = outputSchema(project.getRowType(), expressions);
        return new ProjectNode(child, expressions, schema);
    }

    private PhysicalNode filter(Filter filter) {
        rememberPartitionFilter(filter);
        PhysicalNode child = visit(filter.getInput());
        Expr predicate = new RexConverter(child.schema(), filter.getCluster().getRexBuilder())
                .convert(filter.getCondition());
        if (child instanceof ScanNode scan) {
            child = scan.withPredicate(Optional.of(predicate));
        }
        return new FilterNode(child, predicate);
    }

    /**
     * A filter right above a scan (or above a projection of its columns) of a partitioned table
     * chooses the partitions the scan reads: the condition is kept, over the table's columns.
     */
    private void rememberPartitionFilter(Filter filter) {
        RelNode input = filter.getInput();
        List<Integer> mapping;
        TableScan scan;
        if (input instanceof TableScan direct) {
            scan = direct;
            mapping = null;
        } else if (input instanceof Project project && project.getInput() instanceof TableScan below
                && project.getProjects().stream().allMatch(p -> p instanceof RexInputRef)) {
            scan = below;
            mapping = project.getProjects().stream().map(p -> ((RexInputRef) p).getIndex()).toList();
        } else {
            return;
        }
        if (TableResolver.range(scan).isPresent() || TableResolver.resolve(scan).partitionColumnCount() == 0) {
            return;
        }
        RexNode condition = filter.getCondition();
        if (mapping != null) {
            List<RelDataTypeField> fields = scan.getRowType().getFieldList();
            condition = condition.accept(new org.apache.calcite.rex.RexShuttle() {
                @Override
                public RexNode visitInputRef(RexInputRef ref) {
                    int column = mapping.get(ref.getIndex());
                    return new RexInputRef(column, fields.get(column).getType());
                }
            });
        }
        partitionFilters.put(scan, condition);
    }

    private PhysicalNode sort(Sort sort) {
        PhysicalNode child = visit(sort.getInput());
        long offset = sort.offset == null ? 0 : longLiteral(sort.offset, "OFFSET");
        OptionalLong fetch = sort.fetch == null ? OptionalLong.empty() : OptionalLong.of(longLiteral(sort.fetch, "LIMIT"));
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation collation : sort.getCollation().getFieldCollations()) {
            keys.add(SortKey.of(collation));
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

    static RowSchema outputSchema(RelDataType rowType) {
        List<Column> columns = new ArrayList<>();
        for (RelDataTypeField field : rowType.getFieldList()) {
            columns.add(new Column(field.getName(), TypeMapping.fromCalcite(field.getType()),
                    field.getType().isNullable()));
        }
        return new RowSchema(columns);
    }

    /** Names and nullability from Calcite, types from the converted expressions (they may be wider). */
    static RowSchema outputSchema(RelDataType rowType, List<Expr> expressions) {
        List<Column> columns = new ArrayList<>();
        List<RelDataTypeField> fields = rowType.getFieldList();
        for (int i = 0; i < fields.size(); i++) {
            columns.add(new Column(fields.get(i).getName(), expressions.get(i).type(), fields.get(i).getType().isNullable()));
        }
        return new RowSchema(columns);
    }

}
