package io.arbalest.executor.operator.window;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.batch.BufferedBatches;
import io.arbalest.executor.expr.Storage;
import io.arbalest.executor.operator.Operator;
import io.arbalest.executor.operator.OperatorContext;
import io.arbalest.executor.operator.SpilledRows;
import io.arbalest.executor.spill.MemoryBudget;
import io.arbalest.executor.spill.SpillFile;
import io.arbalest.executor.spill.SpillPartitions;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.physical.WindowNode;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.OutOfMemoryException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Window functions (see WindowNode): holds its input, then computes and emits it window
 * partition by window partition ({@link WindowRows}).
 *
 * <p>When the input does not fit the memory budget (the rows, and the heap their results
 * take) and the window has PARTITION BY keys, the rows go to {@link SpillPartitions} by the
 * hash of those keys (a window partition stays whole in one part) and each part is computed
 * alone; a part still too large is partitioned again, up to {@value #MAX_ROUNDS} rounds, and
 * one window partition larger than memory fails saying so. A window without PARTITION BY is
 * one partition: it must fit. Rows come out grouped by part, each window partition in order.
 */
public final class WindowOperator implements Operator {
    static final int MAX_ROUNDS = 6;

    private final Operator input;
    private final WindowNode node;
    private final OperatorContext context;
    private final BufferAllocator allocator;
    private final Storage[] partitionStorages;
    private final MemoryBudget heap;
    /** Spilled parts not computed yet, the next first, with how many times their rows were partitioned. */
    private final Deque<Part> parts = new ArrayDeque<>();
    private WindowRows current;
    private boolean started;

    private record Part(SpillFile rows, int round) implements AutoCloseable {
        @Override
        public void close() {
            rows.close();
        }
    }

    public WindowOperator(Operator input, WindowNode node, OperatorContext context) {
        this.input = input;
        this.node = node;
        this.context = context;
        this.allocator = context.allocator();
        this.partitionStorages = node.partitionKeys().stream()
                .map(k -> Storage.of(input.schema().type(k))).toArray(Storage[]::new);
        this.heap = new MemoryBudget(allocator);
    }

    @Override
    public RowSchema schema() {
        return node.schema();
    }

    @Override
    public Optional<Batch> next() {
        if (!started) {
            started = true;
            load(input, 0);
        }
        while (true) {
            if (current != null) {
                Optional<Batch> batch = current.next();
                if (batch.isPresent()) {
                    return batch;
                }
                current.close();
                current = null;
                heap.release();
            }
            if (parts.isEmpty()) {
                return Optional.empty();
            }
            try (Part part = parts.pop(); SpilledRows rows = new SpilledRows(part.rows(), input.schema(), allocator)) {
                load(rows, part.round());
            }
        }
    }

    /**
     * Reads all of {@code source} (rows partitioned {@code round} times before) and computes it,
     * or, when it does not fit, partitions it once more and queues the parts.
     */
    private void load(Operator source, int round) {
        boolean spillable = context.spill().isPresent() && !node.partitionKeys().isEmpty();
        SpillPartitions spilled = null;
        try (BufferedBatches buffered = new BufferedBatches(input.schema())) {
            for (Optional<Batch> next = source.next(); next.isPresent(); next = source.next()) {
                OperatorContext.checkCancelled();
                if (spilled != null) {
                    try (Batch batch = next.get()) {
                        spilled.write(batch);
                    }
                    continue;
                }
                buffered.add(next.get());
                // Making the batches one needs their bytes once more; the results take heap besides.
                long needed = buffered.bytes() + WindowRows.heapBytes(buffered.rows(), node.functions().size());
                if (spillable && MemoryBudget.shortOfMemory(allocator, buffered.bytes(), needed)) {
                    spilled = spill(buffered, round);
                }
            }
            if (spilled == null && !heap.reserve(WindowRows.heapBytes(buffered.rows(), node.functions().size()))) {
                if (!spillable) {
                    throw new OutOfMemoryException("A window over " + buffered.rows() + " rows needs more memory than "
                            + "the query's limit, and " + (node.partitionKeys().isEmpty()
                            ? "it has no PARTITION BY to split it by" : "spilling is off"));
                }
                spilled = spill(buffered, round);
            }
            if (spilled == null) {
                current = new WindowRows(buffered.concatenate(allocator), node, allocator, context.batchRows());
                return;
            }
            spilled.finish();
            for (int p = SpillPartitions.COUNT - 1; p >= 0; p--) {
                parts.push(new Part(spilled.take(p), spilled.round()));
            }
        } finally {
            if (spilled != null) {
                spilled.close();
            }
        }
    }

    /** Moves the buffered rows to spill files by the hash of the partition keys; the rows after them follow. */
    private SpillPartitions spill(BufferedBatches buffered, int round) {
        if (round > 0 && (round >= MAX_ROUNDS
                || SpillPartitions.oneKey(buffered.batches(), node.partitionKeys(), partitionStorages))) {
            throw new QueryExecutionException("A window partition has more rows than fit in the query's memory ("
                    + buffered.rows() + " rows after spilling): " + MemoryBudget.RAISE + ", or partition the "
                    + "window by more columns.");
        }
        SpillPartitions spilled = new SpillPartitions(context.spill().orElseThrow(), input.schema(),
                node.partitionKeys(), round + 1, allocator);
        try {
            buffered.drain(spilled::write);
            return spilled;
        } catch (RuntimeException | Error e) {
            spilled.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            if (current != null) {
                current.close();
                current = null;
            }
            parts.forEach(Part::close);
            parts.clear();
            heap.close();
        } finally {
            input.close();
        }
    }
}
