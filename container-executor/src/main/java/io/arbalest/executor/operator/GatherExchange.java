package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.spill.MemoryBudget;
import io.arbalest.planner.error.QueryExecutionException;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Local-mode exchange: runs each input partition's pipeline on its own thread (at most
 * {@code slots} at once) and hands their batches to the consumer through a bounded queue:
 * at most {@value #QUEUE_BATCHES} batches, and at most an eighth of the memory limit (a
 * producer waits while the queue holds more, unless it is empty), so that wide batches do not
 * take the memory that spilling operators leave for the batches in flight. Batches move to the
 * consumer's allocator; the first failure of any partition fails the stream.
 */
public final class GatherExchange implements Operator {
    /** Batches in flight between producers and the consumer; bounds the memory an exchange holds. */
    private static final int QUEUE_BATCHES = 16;

    private final RowSchema schema;
    private final BufferAllocator allocator;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUE_BATCHES);
    private final long maxQueuedBytes;
    /** The bytes of the batches queued; guarded by itself. */
    private final long[] queuedBytes = new long[1];
    private final ExecutorService threads;
    private final AtomicInteger running;
    private volatile boolean cancelled;
    private int finished;
    private final int partitions;
    private boolean done;

    /** A producer's end-of-stream marker, and its failure. */
    private record Finished(Throwable failure) {
    }

    public GatherExchange(RowSchema schema, int partitions, int slots, IntFunction<Operator> pipeline,
            BufferAllocator allocator) {
        this.schema = schema;
        this.allocator = allocator;
        this.partitions = partitions;
        this.maxQueuedBytes = MemoryBudget.limit(allocator) / 8;
        this.running = new AtomicInteger(partitions);
        this.threads = Executors.newFixedThreadPool(Math.max(1, Math.min(slots, partitions)), runnable -> {
            Thread thread = new Thread(runnable, "arbalest-task");
            thread.setDaemon(true);
            return thread;
        });
        for (int p = 0; p < partitions; p++) {
            int partition = p;
            threads.execute(() -> produce(partition, pipeline));
        }
        threads.shutdown();
    }

    private void produce(int partition, IntFunction<Operator> pipeline) {
        Throwable failure = null;
        if (!cancelled) {
            try (Operator operator = pipeline.apply(partition)) {
                while (!cancelled) {
                    Optional<Batch> next = operator.next();
                    if (next.isEmpty()) {
                        break;
                    }
                    Batch moved = moveToConsumer(next.get());
                    if (!offer(moved)) {
                        moved.close();
                        break;
                    }
                }
            } catch (Throwable e) {
                failure = e;
            }
        }
        offer(new Finished(failure));
    }

    /** Transfers the batch's buffers to the consumer's allocator, so the producer's may close. */
    private Batch moveToConsumer(Batch batch) {
        try (batch) {
            List<FieldVector> moved = new ArrayList<>();
            for (int c = 0; c < batch.columnCount(); c++) {
                FieldVector vector = batch.vector(c);
                var transfer = vector.getTransferPair(allocator);
                transfer.transfer();
                moved.add((FieldVector) transfer.getTo());
            }
            return new Batch(moved, batch.rowCount());
        }
    }

    private boolean offer(Object item) {
        if (item instanceof Batch batch && !reserveQueueBytes(batch.bufferBytes())) {
            return false;
        }
        try {
            while (!queue.offer(item, 100, TimeUnit.MILLISECONDS)) {
                if (cancelled && !(item instanceof Finished)) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until the queue has room for {@code bytes} (or is empty); false when cancelled meanwhile. */
    private boolean reserveQueueBytes(long bytes) {
        synchronized (queuedBytes) {
            try {
                while (queuedBytes[0] > 0 && queuedBytes[0] + bytes > maxQueuedBytes) {
                    if (cancelled) {
                        return false;
                    }
                    queuedBytes.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            queuedBytes[0] += bytes;
            return true;
        }
    }

    private void dequeued(Batch batch) {
        synchronized (queuedBytes) {
            queuedBytes[0] -= batch.bufferBytes();
            queuedBytes.notifyAll();
        }
    }

    @Override
    public RowSchema schema() {
        return schema;
    }

    @Override
    public Optional<Batch> next() {
        while (!done) {
            Object item;
            try {
                item = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QueryExecutionException("The query was interrupted.", e);
            }
            if (item instanceof Batch batch) {
                dequeued(batch);
                return Optional.of(batch);
            }
            Finished end = (Finished) item;
            running.decrementAndGet();
            if (end.failure() != null) {
                done = true;
                rethrow(end.failure());
            }
            if (++finished == partitions) {
                done = true;
            }
        }
        return Optional.empty();
    }

    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw new QueryExecutionException("A task failed: " + failure.getMessage(), failure);
    }

    /**
     * Stops the producers (interrupted, so that a sort or a join build reading all its input
     * stops at its next batch), waits for them, and frees every batch still queued.
     */
    @Override
    public void close() {
        cancelled = true;
        threads.shutdownNow();
        try {
            while (!threads.awaitTermination(10, TimeUnit.MILLISECONDS)) {
                drain();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }

    private void drain() {
        Object item;
        while ((item = queue.poll()) != null) {
            if (item instanceof Batch batch) {
                dequeued(batch);
                batch.close();
            }
        }
    }
}
