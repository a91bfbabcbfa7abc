package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.RowComparison;
import io.arbalest.executor.expr.Storage;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.types.RowSchema;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.longs.LongComparator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sorts its whole input by the keys; with a limit it is a top-N that keeps at most a few
 * times {@code limit} rows buffered, compacting as it goes. Rows are addressed as
 * (batch, row) pairs packed in a long, so sorting moves no data.
 */
public final class SortOperator implements Operator {
    private final Operator input;
    private final List<SortKey> keys;
    private final OptionalLong limit;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final List<Batch> buffered = new ArrayList<>();
    private long[] order;
    private int emitted;
    private boolean sorted;

    public SortOperator(Operator input, List<SortKey> keys, OptionalLong limit, BufferAllocator allocator,
            int batchRows) {
        this.input = input;
        this.keys = List.copyOf(keys);
        this.limit = limit;
        this.allocator = allocator;
        this.batchRows = batchRows;
    }

    @Override
    public RowSchema schema() {
        return input.schema();
    }

    @Override
    public Optional<Batch> next() {
        if (!sorted) {
            consume();
            order = sortedRows();
            if (limit.isPresent() && order.length > limit.getAsLong()) {
                order = java.util.Arrays.copyOf(order, (int) limit.getAsLong());
            }
            sorted = true;
        }
        if (emitted >= order.length) {
            return Optional.empty();
        }
        int count = Math.min(batchRows, order.length - emitted);
        Batch batch = copyRows(order, emitted, count);
        emitted += count;
        return Optional.of(batch);
    }

    private void consume() {
        long bufferedRows = 0;
        long compactAt = limit.isPresent() ? Math.max(limit.getAsLong() * 4, batchRows * 4L) : Long.MAX_VALUE;
        while (true) {
            Optional<Batch> next = input.next();
            if (next.isEmpty()) {
                return;
            }
            Batch batch = next.get();
            if (batch.rowCount() == 0) {
                batch.close();
                continue;
            }
            buffered.add(batch);
            bufferedRows += batch.rowCount();
            if (bufferedRows > compactAt) {
                bufferedRows = compact();
            }
        }
    }

    /** Top-N: replaces the buffered batches with one holding only the best {@code limit} rows. */
    private long compact() {
        long[] rows = sortedRows();
        int keep = (int) Math.min(rows.length, limit.getAsLong());
        Batch kept = copyRows(rows, 0, keep);
        buffered.forEach(Batch::close);
        buffered.clear();
        buffered.add(kept);
        return keep;
    }

    private long[] sortedRows() {
        int total = buffered.stream().mapToInt(Batch::rowCount).sum();
        long[] rows = new long[total];
        int position = 0;
        for (int b = 0; b < buffered.size(); b++) {
            for (int r = 0; r < buffered.get(b).rowCount(); r++) {
                rows[position++] = ((long) b << 32) | r;
            }
        }
        LongArrays.quickSort(rows, comparator());
        return rows;
    }

    private LongComparator comparator() {
        return (x, y) -> {
            Batch a = buffered.get((int) (x >>> 32));
            Batch b = buffered.get((int) (y >>> 32));
            int i = (int) x;
            int j = (int) y;
            for (SortKey key : keys) {
                int result = compare(a.vector(key.column()), i, b.vector(key.column()), j, key);
                if (result != 0) {
                    return result;
                }
            }
            return 0;
        };
    }

    private int compare(FieldVector a, int i, FieldVector b, int j, SortKey key) {
        return RowComparison.compare(a, i, b, j, Storage.of(schema().type(key.column())), key);
    }

    private Batch copyRows(long[] rows, int from, int count) {
        RowSchema schema = schema();
        List<FieldVector> vectors = new ArrayList<>();
        try {
            for (int c = 0; c < schema.size(); c++) {
                FieldVector template = buffered.get(0).vector(c);
                FieldVector target = (FieldVector) template.getTransferPair(template.getField().getName(), allocator).getTo();
                vectors.add(target);
                target.setInitialCapacity(Math.max(count, 1));
                target.allocateNew();
                for (int i = 0; i < count; i++) {
                    long row = rows[from + i];
                    target.copyFromSafe((int) row, i, buffered.get((int) (row >>> 32)).vector(c));
                }
                target.setValueCount(count);
            }
            return new Batch(vectors, count);
        } catch (RuntimeException | Error e) {
            vectors.forEach(FieldVector::close);
            throw e;
        }
    }

    @Override
    public void close() {
        buffered.forEach(Batch::close);
        buffered.clear();
        input.close();
    }
}
