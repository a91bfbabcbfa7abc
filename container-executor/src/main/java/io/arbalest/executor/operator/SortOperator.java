package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.RowComparison;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.spill.MemoryBudget;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.planner.physical.SortKey;
import io.arbalest.planner.types.RowSchema;
import it.unimi.dsi.fastutil.longs.LongArrays;
import it.unimi.dsi.fastutil.longs.LongComparator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Sorts its whole input by the keys; with a limit it is a top-N that keeps at most a few
 * times {@code limit} rows buffered, compacting as it goes. Rows are addressed as
 * (batch, row) pairs packed in a long, so sorting moves no data.
 *
 * <p>A full sort with a spill directory keeps its input in memory while the query's Arrow
 * memory has room: when what the allocator may still allocate falls below a quarter of the
 * limit, the rows buffered so far (at least a sixteenth of the limit) are sorted and written to
 * a spill file as one sorted run, and their memory freed. The output is then the merge of the
 * runs, a batch at a time. An input that fits but leaves too little to copy it out once more
 * (the output batches, which its consumer may hold) is written as one run and merged too.
 * The heap array that orders the rows (8 bytes a row) is reserved against the limit. Spill
 * files go when the operator closes.
 */
public final class SortOperator implements Operator {
    /** Rows per batch of a sorted run on disk. */
    private static final int RUN_CHUNK_ROWS = 256;
    /** The heap that ordering takes per row: a packed (batch, row) long. */
    private static final long ORDER_BYTES_PER_ROW = Long.BYTES;
    private final Operator input;
    private final List<SortKey> keys;
    private final OptionalLong limit;
    private final BufferAllocator allocator;
    private final int batchRows;
    private final Optional<SpillSpace> spill;
    private final List<Batch> buffered = new ArrayList<>();
    private long bufferedBytes;
    private long bufferedRows;
    private final MemoryBudget orderHeap;
    private final List<SpillFile> runs = new ArrayList<>();
    private int spilledRuns;
    private long spilledBytes;
    private long[] order;
    private int emitted;
    private boolean sorted;
    private Merge merge;

    /** A sort that spills sorted runs to {@code context}'s spill space when memory runs short (a full sort only). */
    public SortOperator(Operator input, List<SortKey> keys, OptionalLong limit, OperatorContext context) {
        this.input = input;
        this.keys = List.copyOf(keys);
        this.limit = limit;
        this.allocator = context.allocator();
        this.batchRows = context.batchRows();
        this.spill = limit.isPresent() ? Optional.empty() : context.spill();
        this.orderHeap = new MemoryBudget(allocator);
    }

    /** The spill files written (sorted runs); 0 when the input fit in memory. */
    public int spilledRuns() {
        return spilledRuns;
    }

    /** The bytes of the spill files written. */
    public long spilledBytes() {
        return spilledBytes;
    }

    @Override
    public RowSchema schema() {
        return input.schema();
    }

    @Override
    public Optional<Batch> next() {
        if (!sorted && merge == null) {
            consume();
            if (runs.isEmpty() && !buffered.isEmpty() && spill.isPresent() && MemoryBudget.shortOfMemory(allocator,
                    bufferedBytes, bufferedBytes + ORDER_BYTES_PER_ROW * bufferedRows)) {
                spillRun();
            }
            if (!runs.isEmpty()) {
                if (!buffered.isEmpty()) {
                    spillRun();
                }
                merge = new Merge();
            }
        }
        if (merge != null) {
            return merge.next();
        }
        if (!sorted) {
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
        long compactAt = limit.isPresent() ? Math.max(limit.getAsLong() * 4, batchRows * 4L) : Long.MAX_VALUE;
        while (true) {
            OperatorContext.checkCancelled();
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
            bufferedBytes += batch.bufferBytes();
            if (bufferedRows > compactAt) {
                bufferedRows = compact();
            }
            if (spill.isPresent()
                    && MemoryBudget.shortOfMemory(allocator, bufferedBytes, ORDER_BYTES_PER_ROW * bufferedRows)) {
                spillRun();
            }
        }
    }

    /** Writes the buffered rows, sorted, as one run, and frees them. */
    private void spillRun() {
        long[] rows = sortedRows();
        SpillFile run = spill.orElseThrow().create(schema(), allocator);
        runs.add(run);
        // Small chunks: the merge holds one chunk of every run in memory at a time.
        int chunkRows = Math.max(1, Math.min(batchRows, RUN_CHUNK_ROWS));
        for (int from = 0; from < rows.length; from += chunkRows) {
            try (Batch chunk = copyRows(rows, from, Math.min(chunkRows, rows.length - from))) {
                run.write(chunk);
            }
        }
        run.finish();
        spilledRuns++;
        spilledBytes += run.bytes();
        buffered.forEach(Batch::close);
        buffered.clear();
        bufferedBytes = 0;
        bufferedRows = 0;
        orderHeap.release();
    }

    /** The k-way merge of the sorted runs: each run's current batch in memory, the smallest row next. */
    private final class Merge {
        private final List<SpillFile.Reader> readers = new ArrayList<>();
        private final Batch[] current;
        private final int[] position;
        private final java.util.PriorityQueue<Integer> heap;

        Merge() {
            current = new Batch[runs.size()];
            position = new int[runs.size()];
            heap = new java.util.PriorityQueue<>(Math.max(1, runs.size()), (x, y) -> compareRows(current[x],
                    position[x], current[y], position[y]));
            for (int r = 0; r < runs.size(); r++) {
                readers.add(runs.get(r).open(allocator));
                if (advanceBatch(r)) {
                    heap.add(r);
                }
            }
        }

        /** Loads run {@code r}'s next non-empty batch; false when the run is done. */
        private boolean advanceBatch(int r) {
            if (current[r] != null) {
                current[r].close();
                current[r] = null;
            }
            while (true) {
                OperatorContext.checkCancelled();
                Optional<Batch> next = readers.get(r).next();
                if (next.isEmpty()) {
                    return false;
                }
                if (next.get().rowCount() > 0) {
                    current[r] = next.get();
                    position[r] = 0;
                    return true;
                }
                next.get().close();
            }
        }

        Optional<Batch> next() {
            if (heap.isEmpty()) {
                return Optional.empty();
            }
            RowSchema schema = schema();
            List<FieldVector> vectors = new ArrayList<>();
            try {
                for (int c = 0; c < schema.size(); c++) {
                    vectors.add(io.arbalest.executor.batch.Vectors.allocate(schema.column(c).name(), schema.type(c),
                            batchRows, allocator));
                }
                int count = 0;
                while (count < batchRows && !heap.isEmpty()) {
                    int r = heap.poll();
                    for (int c = 0; c < schema.size(); c++) {
                        vectors.get(c).copyFromSafe(position[r], count, current[r].vector(c));
                    }
                    count++;
                    position[r]++;
                    if (position[r] < current[r].rowCount() || advanceBatch(r)) {
                        heap.add(r);
                    }
                }
                for (FieldVector vector : vectors) {
                    vector.setValueCount(count);
                }
                return Optional.of(new Batch(vectors, count));
            } catch (RuntimeException | Error e) {
                vectors.forEach(FieldVector::close);
                throw e;
            }
        }

        void close() {
            for (int r = 0; r < current.length; r++) {
                if (current[r] != null) {
                    current[r].close();
                    current[r] = null;
                }
            }
            readers.forEach(SpillFile.Reader::close);
        }
    }

    private int compareRows(Batch a, int i, Batch b, int j) {
        for (SortKey key : keys) {
            int result = compare(a.vector(key.column()), i, b.vector(key.column()), j, key);
            if (result != 0) {
                return result;
            }
        }
        return 0;
    }

    /** Top-N: replaces the buffered batches with one holding only the best {@code limit} rows. */
    private long compact() {
        long[] rows = sortedRows();
        int keep = (int) Math.min(rows.length, limit.getAsLong());
        Batch kept = copyRows(rows, 0, keep);
        buffered.forEach(Batch::close);
        buffered.clear();
        buffered.add(kept);
        orderHeap.release();
        return keep;
    }

    /**
     * The buffered rows in order, their array's heap reserved: up to the limit, since the spill
     * rule counted it as the rows arrived.
     */
    private long[] sortedRows() {
        int total = buffered.stream().mapToInt(Batch::rowCount).sum();
        long bytes = ORDER_BYTES_PER_ROW * total;
        if (!orderHeap.reserveUpToLimit(bytes)) {
            throw new OutOfMemoryException("Sorting " + total + " rows needs " + bytes
                    + " bytes of heap beyond the query's memory limit.");
        }
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
        return (x, y) -> compareRows(buffered.get((int) (x >>> 32)), (int) x, buffered.get((int) (y >>> 32)), (int) y);
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
        try {
            if (merge != null) {
                merge.close();
            }
            runs.forEach(SpillFile::close);
            runs.clear();
            buffered.forEach(Batch::close);
            buffered.clear();
            orderHeap.release();
        } finally {
            input.close();
        }
    }
}
