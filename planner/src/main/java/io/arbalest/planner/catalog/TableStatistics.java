package io.arbalest.planner.catalog;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What planning knows of a table's contents, per column in its schema's order: from a metastore's
 * statistics (numRows; a column's low/high and number of distinct values) or the Parquet footers.
 *
 * @param rowCount the table's rows; empty: count the files' rows
 * @param ranges the smallest and largest value of integer-backed columns
 * @param distinctCounts the number of distinct values
 */
public record TableStatistics(OptionalLong rowCount, List<Optional<ColumnRange>> ranges,
        List<OptionalLong> distinctCounts) {
    public TableStatistics {
        ranges = List.copyOf(ranges);
        distinctCounts = List.copyOf(distinctCounts);
        if (ranges.size() != distinctCounts.size()) {
            throw new IllegalArgumentException("one range and one distinct count per column expected");
        }
    }

    /** Nothing known of a table of {@code columns} columns. */
    public static TableStatistics unknown(int columns) {
        return new TableStatistics(OptionalLong.empty(), Collections.nCopies(columns, Optional.empty()),
                Collections.nCopies(columns, OptionalLong.empty()));
    }

    /** Ranges only (from footers). */
    public static TableStatistics ofRanges(List<Optional<ColumnRange>> ranges) {
        return new TableStatistics(OptionalLong.empty(), ranges, Collections.nCopies(ranges.size(), OptionalLong.empty()));
    }
}
