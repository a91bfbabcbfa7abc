package io.arbalest.planner.physical;

/**
 * How a join treats rows without a match, seen from its probe side (the streamed input) and
 * build side (the input held in memory).
 */
public enum JoinType {
    INNER,
    /** Also every probe row without a match, with NULL build columns. */
    PROBE_OUTER,
    /** Also every build row without a match, with NULL probe columns (after all probe rows). */
    BUILD_OUTER,
    /** Both outer sides: FULL OUTER JOIN. */
    FULL,
    /** Each probe row that has a match, once; only the probe columns. */
    SEMI,
    /** Each probe row that has no match; only the probe columns. */
    ANTI;

    public boolean emitsBuildColumns() {
        return this != SEMI && this != ANTI;
    }

    public boolean buildOuter() {
        return this == BUILD_OUTER || this == FULL;
    }

    public boolean probeOuter() {
        return this == PROBE_OUTER || this == FULL;
    }
}
