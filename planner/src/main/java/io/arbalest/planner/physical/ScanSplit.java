package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Literal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a table scan one task reads: some row groups of one Parquet file, or a whole CSV file.
 *
 * @param path the file's fully qualified Hadoop path
 * @param rowGroups indexes of the Parquet row groups to read; empty for a CSV file
 * @param partitionValues the file's values of the table's partition columns (the last columns of
 *     its schema, not in the file); empty for an unpartitioned table
 */
public record ScanSplit(String path, List<Integer> rowGroups, List<Literal> partitionValues) {
    public ScanSplit {
        requireNonNull(path, "path is null");
        rowGroups = List.copyOf(rowGroups);
        partitionValues = List.copyOf(partitionValues);
    }

    public ScanSplit(String path, List<Integer> rowGroups) {
        this(path, rowGroups, List.of());
    }
}
