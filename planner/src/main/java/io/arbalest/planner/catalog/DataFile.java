package io.arbalest.planner.catalog;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One file of a table.
 *
 * @param path the fully qualified Hadoop path (file:/..., hdfs://...)
 * @param length the file's size in bytes
 * @param rowGroups Parquet row groups; empty for CSV
 */
public record DataFile(String path, long length, List<RowGroup> rowGroups) {
    public DataFile {
        requireNonNull(path, "path is null");
        rowGroups = List.copyOf(rowGroups);
    }

    /** Rows from the footer for Parquet; an estimate from the size for CSV. */
    public long estimatedRowCount() {
        if (rowGroups.isEmpty()) {
            return Math.max(1, length / 100);
        }
        return rowGroups.stream().mapToLong(RowGroup::rowCount).sum();
    }
}
