package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.executor.expr.Kernel;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.Optional;

/** Keeps the rows whose predicate is TRUE; a batch that passes whole is handed on without copying. */
public final class FilterOperator implements Operator {
    private final Operator input;
    private final Kernel predicate;
    private final BufferAllocator allocator;
    private int[] selection = new int[0];

    public FilterOperator(Operator input, Kernel predicate, OperatorContext context) {
        this.input = input;
        this.predicate = predicate;
        this.allocator = context.allocator();
    }

    @Override
    public RowSchema schema() {
        return input.schema();
    }

    @Override
    public Optional<Batch> next() {
        while (true) {
            Optional<Batch> next = input.next();
            if (next.isEmpty()) {
                return next;
            }
            Batch batch = next.get();
            int rows = batch.rowCount();
            int count;
            try {
                FieldVector result = predicate.evaluate(batch);
                try {
                    count = select(result, rows);
                } finally {
                    predicate.release(result);
                }
            } catch (RuntimeException | Error e) {
                batch.close();
                throw e;
            }
            if (count == rows) {
                return Optional.of(batch);
            }
            try (batch) {
                if (count > 0) {
                    return Optional.of(VectorGather.gather(batch, selection, count, allocator));
                }
            }
        }
    }

    /** Fills {@link #selection} with the rows that are valid and TRUE, a byte of the bitmaps at a time. */
    private int select(FieldVector result, int rows) {
        if (selection.length < rows) {
            selection = new int[rows];
        }
        ArrowBuf data = result.getDataBuffer();
        ArrowBuf validity = result.getValidityBuffer();
        int count = 0;
        int bytes = (rows + 7) >>> 3;
        for (int b = 0; b < bytes; b++) {
            int bits = data.getByte(b) & validity.getByte(b) & 0xFF;
            while (bits != 0) {
                int bit = Integer.numberOfTrailingZeros(bits);
                int row = (b << 3) + bit;
                if (row < rows) {
                    selection[count++] = row;
                }
                bits &= bits - 1;
            }
        }
        return count;
    }

    @Override
    public void close() {
        input.close();
    }
}
