package io.arbalest.planner.physical;

import io.arbalest.planner.expr.Literal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a table scan one task reads: some row groups of one Parquet file, or a whole file.
 *
 * @param path the file's fully qualified Hadoop path
 * @param rowGroups indexes of the Parquet row groups to read; empty for a text file or a whole file
 * @param partitionValues the file's values of the table's partition columns (the last columns of
 *     its schema, not in the file); empty for an unpartitioned table
 * @param wholeFile every row group of a Parquet file whose footer planning did not read (the
 *     catalog's statistics stood in for it): the reader finds them in the footer
 */
public record ScanSplit(String path, List<Integer> rowGroups, List<Literal> partitionValues, boolean wholeFile) {
    public ScanSplit {
        requireNonNull(path, "path is null");
        rowGroups = List.copyOf(rowGroups);
        partitionValues = List.copyOf(partitionValues);
    }

    public ScanSplit(String path, List<Integer> rowGroups, List<Literal> partitionValues) {
        this(path, rowGroups, partitionValues, false);
    }

    public ScanSplit(String path, List<Integer> rowGroups) {
        this(path, rowGroups, List.of());
    }

    /**
     * For each of {@code columns} (indexes into a table of {@code tableColumns} columns), the index
     * into {@link #partitionValues()} of the partition value it reads, or -1 for a column of the files.
     */
    public static int[] partitionValueIndexes(int tableColumns, List<Integer> columns, List<ScanSplit> splits) {
        int partitionColumns = splits.isEmpty() ? 0 : splits.get(0).partitionValues().size();
        int firstPartitionColumn = tableColumns - partitionColumns;
        return columns.stream().mapToInt(c -> c >= firstPartitionColumn ? c - firstPartitionColumn : -1).toArray();
    }
}
