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
 * @param footerRead whether {@code rowGroups} come from the Parquet footer; a file of a table
 *     with catalog statistics is planned without opening it, and read whole
 */
public record DataFile(String path, long length, List<RowGroup> rowGroups, List<Literal> partitionValues,
        boolean footerRead) {
    public DataFile {
        requireNonNull(path, "path is null");
        rowGroups = List.copyOf(rowGroups);
        partitionValues = List.copyOf(partitionValues);
    }

    public DataFile(String path, long length, List<RowGroup> rowGroups, List<Literal> partitionValues) {
        this(path, length, rowGroups, partitionValues, true);
    }

    public DataFile(String path, long length, List<RowGroup> rowGroups) {
        this(path, length, rowGroups, List.of());
    }

    /** A Parquet file planned from its length alone (its footer not read). */
    public static DataFile unread(String path, long length, List<Literal> partitionValues) {
        return new DataFile(path, length, List.of(), partitionValues, false);
    }

    /** Rows from the footer for Parquet; an estimate from the size for CSV. */
    public long estimatedRowCount() {
        if (rowGroups.isEmpty()) {
            return Math.max(1, length / 100);
        }
        return rowGroups.stream().mapToLong(RowGroup::rowCount).sum();
    }
}
