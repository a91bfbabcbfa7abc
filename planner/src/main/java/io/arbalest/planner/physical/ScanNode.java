package io.arbalest.planner.physical;

import io.arbalest.planner.catalog.FileFormat;
import io.arbalest.planner.expr.Expr;
import io.arbalest.planner.types.RowSchema;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Reads a table's files.
 *
 * @param table the table's name, for messages
 * @param format how the files are encoded
 * @param tableSchema every column of the table, as the files hold them
 * @param columns indexes into {@code tableSchema} of the columns to read, in output order
 * @param predicate a filter over the output columns that lets the reader skip Parquet row groups
 *     whose statistics prove no row matches; rows are still filtered by the FilterNode above
 * @param partitions the splits each output partition reads
 * @param partitionsRead of a partitioned table: how many of its partitions the scan reads
 * @param formatOptions how the files are read (TEXT: {@link FileFormat#FIELD_DELIMITER}, {@link FileFormat#NULL_FORMAT})
 */
public record ScanNode(String table, FileFormat format, RowSchema tableSchema, List<Integer> columns,
        Optional<Expr> predicate, List<List<ScanSplit>> partitions, Optional<PartitionsRead> partitionsRead,
        java.util.Map<String, String> formatOptions) implements PhysicalNode {
    /** {@code read} of a table's {@code total} partitions (the rest were pruned by the query's filters). */
    public record PartitionsRead(int read, int total) {
    }

    public ScanNode(String table, FileFormat format, RowSchema tableSchema, List<Integer> columns,
            Optional<Expr> predicate, List<List<ScanSplit>> partitions) {
        this(table, format, tableSchema, columns, predicate, partitions, Optional.empty(), java.util.Map.of());
    }

    public ScanNode {
        formatOptions = java.util.Map.copyOf(formatOptions);
        requireNonNull(table, "table is null");
        requireNonNull(format, "format is null");
        requireNonNull(tableSchema, "tableSchema is null");
        columns = List.copyOf(columns);
        requireNonNull(predicate, "predicate is null");
        partitions = partitions.stream().map(List::copyOf).toList();
    }

    public ScanNode withPredicate(Optional<Expr> newPredicate) {
        return new ScanNode(table, format, tableSchema, columns, newPredicate, partitions, partitionsRead, formatOptions);
    }

    @Override
    public RowSchema schema() {
        return new RowSchema(columns.stream().map(tableSchema::column).toList());
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of();
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return this;
    }

    @Override
    public int partitionCount() {
        return Math.max(1, partitions.size());
    }

    @Override
    public String describe() {
        int splits = partitions.stream().mapToInt(List::size).sum();
        return "Scan " + table + " " + format + " columns=" + schema().names()
                + predicate.map(p -> " prune=" + p).orElse("")
                + partitionsRead.map(p -> " partitions=" + p.read() + "/" + p.total()).orElse("")
                + " splits=" + splits + " tasks=" + partitionCount();
    }
}
