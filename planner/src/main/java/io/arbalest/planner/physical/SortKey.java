package io.arbalest.planner.physical;

import org.apache.calcite.rel.RelFieldCollation;

/**
 * One ORDER BY key.
 *
 * @param column the input column sorted on
 * @param nullsFirst where NULLs go, independent of the direction
 */
public record SortKey(int column, boolean ascending, boolean nullsFirst) {
    /** A collation's key; one that leaves NULLs unplaced puts them as Spark does: first ascending, last descending. */
    static SortKey of(RelFieldCollation collation) {
        boolean ascending = !collation.getDirection().isDescending();
        boolean nullsFirst = switch (collation.nullDirection) {
            case FIRST -> true;
            case LAST -> false;
            case UNSPECIFIED -> ascending;
        };
        return new SortKey(collation.getFieldIndex(), ascending, nullsFirst);
    }

    @Override
    public String toString() {
        return "$" + column + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    }
}
