package io.arbalest.planner.catalog;

/**
 * The smallest and largest value of an integer-backed column (INT, BIGINT, DATE, DECIMAL as
 * unscaled) over all of a table's files, from the Parquet footers' statistics; used to
 * estimate how many distinct values a key column holds.
 */
public record ColumnRange(long min, long max) {
    public ColumnRange merge(ColumnRange other) {
        return new ColumnRange(Math.min(min, other.min), Math.max(max, other.max));
    }

    /** The number of values the range can hold (at least 1). */
    public double width() {
        return Math.max(1.0, (double) max - (double) min + 1.0);
    }
}
