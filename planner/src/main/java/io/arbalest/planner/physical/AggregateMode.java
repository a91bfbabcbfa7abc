package io.arbalest.planner.physical;

/** Which half of a two-phase aggregation a hash aggregate computes. */
public enum AggregateMode {
    /** Rows in, final values out, in one step. */
    SINGLE,
    /** Rows in, per-group accumulator states out (see {@link AggregateCall#stateTypes()}). */
    PARTIAL,
    /** States of {@link #PARTIAL} in, merged and finished to final values. */
    FINAL
}
