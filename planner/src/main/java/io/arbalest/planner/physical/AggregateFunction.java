package io.arbalest.planner.physical;

/** The aggregate functions a hash aggregate computes. */
public enum AggregateFunction {
    /** COUNT(*): rows, NULLs included. */
    COUNT_STAR,
    /** COUNT(x): rows where x is not NULL. */
    COUNT,
    SUM, AVG, MIN, MAX,
    /**
     * The one value of a scalar subquery's rows (NULL when there are none); more than one row
     * is an error. Its state is the value and the number of rows.
     */
    SINGLE_VALUE
}
