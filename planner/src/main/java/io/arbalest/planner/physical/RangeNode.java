package io.arbalest.planner.physical;

import io.arbalest.planner.types.Column;
import io.arbalest.planner.types.DataType;
import io.arbalest.planner.types.RowSchema;

import java.util.List;

/**
 * BIGINT values {@code start, start + step, ...} up to {@code end} (exclusive), in a column
 * {@code id} (session.range): partition p of {@code partitions} produces the p-th consecutive
 * slice of them.
 */
public record RangeNode(long start, long end, long step, int partitions) implements PhysicalNode {
    public static final RowSchema SCHEMA = new RowSchema(List.of(new Column("id", DataType.BIGINT, false)));

    public RangeNode {
        if (step == 0) {
            throw new IllegalArgumentException("step is 0");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive");
        }
    }

    /** How many values there are. */
    public long count() {
        return count(start, end, step);
    }

    public static long count(long start, long end, long step) {
        if (step > 0 ? start >= end : start <= end) {
            return 0;
        }
        java.math.BigInteger span = java.math.BigInteger.valueOf(end).subtract(java.math.BigInteger.valueOf(start));
        java.math.BigInteger[] division = span.abs().divideAndRemainder(java.math.BigInteger.valueOf(step).abs());
        java.math.BigInteger count = division[0].add(division[1].signum() == 0 ? java.math.BigInteger.ZERO
                : java.math.BigInteger.ONE);
        return count.bitLength() < 63 ? count.longValue() : Long.MAX_VALUE;
    }

    @Override
    public RowSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<PhysicalNode> children() {
        return List.of();
    }

    @Override
    public PhysicalNode withChildren(List<PhysicalNode> children) {
        return this;
    }

    @Override
    public int partitionCount() {
        return partitions;
    }

    @Override
    public String describe() {
        return "Range start=" + start + " end=" + end + " step=" + step + " partitions=" + partitions;
    }
}
