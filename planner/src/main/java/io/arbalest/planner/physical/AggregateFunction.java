package io.arbalest.planner.physical;

/** The aggregate functions a hash aggregate computes. */
public enum AggregateFunction {
    /** COUNT(*): rows, NULLs included. */
    COUNT_STAR,
    /** COUNT(x): rows where x is not NULL. */
    COUNT,
    SUM, AVG, MIN, MAX
}
