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
    ANTI,
    /**
     * Each build row that has a match, once, after all probe rows; only the build columns (a SEMI
     * join whose kept side is the smaller one, held in memory while the other side streams by).
     */
    BUILD_SEMI,
    /** Each build row that has no match, after all probe rows; only the build columns. */
    BUILD_ANTI;

    /** True when the output is joined pairs: the probe columns, then the build columns. */
    public boolean emitsPairs() {
        return this == INNER || this == PROBE_OUTER || this == BUILD_OUTER || this == FULL;
    }

    public boolean buildOuter() {
        return this == BUILD_OUTER || this == FULL;
    }

    public boolean probeOuter() {
        return this == PROBE_OUTER || this == FULL;
    }

    /**
     * True when build rows are emitted after the last probe row, by whether some probe row matched
     * them; a broadcast build then needs a single probe partition.
     */
    public boolean marksBuildRows() {
        return buildOuter() || this == BUILD_SEMI || this == BUILD_ANTI;
    }
}
