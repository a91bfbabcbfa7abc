package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.VectorGather;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/** Skips {@code offset} rows, then passes at most {@code limit}; stops pulling its input once done. */
public final class LimitOperator implements Operator {
    private final Operator input;
    private long toSkip;
    private long remaining;
    private final BufferAllocator allocator;

    public LimitOperator(Operator input, long offset, OptionalLong limit, OperatorContext context) {
        this.input = input;
        this.toSkip = offset;
        this.remaining = limit.orElse(Long.MAX_VALUE);
        this.allocator = context.allocator();
    }

    @Override
    public RowSchema schema() {
        return input.schema();
    }

    @Override
    public Optional<Batch> next() {
        while (remaining > 0) {
            Optional<Batch> next = input.next();
            if (next.isEmpty()) {
                return next;
            }
            Batch batch = next.get();
            int rows = batch.rowCount();
            int skip = (int) Math.min(toSkip, rows);
            toSkip -= skip;
            int take = (int) Math.min(remaining, rows - skip);
            if (take <= 0) {
                batch.close();
                continue;
            }
            remaining -= take;
            if (skip == 0 && take == rows) {
                return Optional.of(batch);
            }
            try (batch) {
                int[] selection = IntStream.range(skip, skip + take).toArray();
                return Optional.of(VectorGather.gather(batch, selection, take, allocator));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        input.close();
    }
}
