package io.arbalest.planner.physical;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A piece of a table scan one task reads: some row groups of one Parquet file, or a whole CSV file.
 *
 * @param path the file's fully qualified Hadoop path
 * @param rowGroups indexes of the Parquet row groups to read; empty for a CSV file
 */
public record ScanSplit(String path, List<Integer> rowGroups) {
    public ScanSplit {
        requireNonNull(path, "path is null");
        rowGroups = List.copyOf(rowGroups);
    }
}
