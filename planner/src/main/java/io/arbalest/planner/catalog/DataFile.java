package io.arbalest.planner.catalog;

import io.arbalest.planner.expr.Literal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One file of a table.
 *
 * @param path the fully qualified Hadoop path (file:/..., hdfs://...)
 * @param length the file's size in bytes
 * @param rowGroups Parquet row groups; empty for CSV
 * @param partitionValues the values of the table's partition columns (its last columns) for every
 *     row of the file, from its {@code col=value} directories; empty for an unpartitioned table
 */
public record DataFile(String path, long length, List<RowGroup> rowGroups, List<Literal> partitionValues) {
    public DataFile {
        requireNonNull(path, "path is null");
        rowGroups = List.copyOf(rowGroups);
        partitionValues = List.copyOf(partitionValues);
    }

    public DataFile(String path, long length, List<RowGroup> rowGroups) {
        this(path, length, rowGroups, List.of());
    }

    /** Rows from the footer for Parquet; an estimate from the size for CSV. */
    public long estimatedRowCount() {
        if (rowGroups.isEmpty()) {
            return Math.max(1, length / 100);
        }
        return rowGroups.stream().mapToLong(RowGroup::rowCount).sum();
    }
}
