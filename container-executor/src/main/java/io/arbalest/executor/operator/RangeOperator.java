package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.Vectors;
import io.arbalest.planner.physical.RangeNode;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;

import java.util.List;
import java.util.Optional;

/** One partition's slice of a {@link RangeNode}'s values, batch by batch. */
public final class RangeOperator implements Operator {
    private final RangeNode range;
    private final BufferAllocator allocator;
    private final int batchRows;
    /** Index of the next value to emit, and one past the last of this partition. */
    private long next;
    private final long last;

    public RangeOperator(RangeNode range, int partition, OperatorContext context) {
        this.range = range;
        this.allocator = context.allocator();
        this.batchRows = context.batchRows();
        long count = range.count();
        this.next = slice(count, partition, range.partitions());
        this.last = slice(count, partition + 1, range.partitions());
    }

    /** Where slice {@code p} of {@code parts} begins: floor(count * p / parts) without overflow. */
    private static long slice(long count, int p, int parts) {
        return java.math.BigInteger.valueOf(count).multiply(java.math.BigInteger.valueOf(p))
                .divide(java.math.BigInteger.valueOf(parts)).longValueExact();
    }

    @Override
    public RowSchema schema() {
        return RangeNode.SCHEMA;
    }

    @Override
    public Optional<Batch> next() {
        if (next >= last) {
            return Optional.empty();
        }
        int rows = (int) Math.min(batchRows, last - next);
        BigIntVector vector = (BigIntVector) Vectors.allocate("id", RangeNode.SCHEMA.type(0), rows, allocator);
        try {
            // start + i * step stays within [start, end) for i < count, so it cannot overflow.
            long value = range.start() + next * range.step();
            for (int row = 0; row < rows; row++) {
                vector.set(row, value);
                value += range.step();
            }
        } catch (RuntimeException | Error e) {
            vector.close();
            throw e;
        }
        next += rows;
        return Optional.of(new Batch(List.<FieldVector>of(vector), rows));
    }

    @Override
    public void close() {
    }
}
