package io.arbalest.planner.physical;

/**
 * One ORDER BY key.
 *
 * @param column the input column sorted on
 * @param nullsFirst where NULLs go, independent of the direction
 */
public record SortKey(int column, boolean ascending, boolean nullsFirst) {
    @Override
    public String toString() {
        return "$" + column + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
