package io.arbalest.am.driver;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.RowSchema;

import java.util.Iterator;
import java.util.Optional;

/**
 * A query's result read a batch at a time, so that a client never holds more of it than it
 * reads (local mode pulls the batches through the operators as they are asked for; a cluster
 * fetches them from the executors one at a time). Each {@link #next()} is the caller's to close;
 * closing the stream stops the query if it still runs and frees what it holds.
 */
public interface ResultStream extends AutoCloseable {
    RowSchema schema();

    /** The allocator the batches are in: a reader of them allocates its own vectors there. */
    org.apache.arrow.memory.BufferAllocator allocator();

    /** The next batch, as a result of its own; empty at the end. */
    Optional<QueryResult> next();

    @Override
    void close();

    /**
     * A stream whose batches come from {@code batches} (empty at the end), in {@code allocator};
     * {@code close} frees what the source holds.
     */
    static ResultStream of(RowSchema schema, org.apache.arrow.memory.BufferAllocator allocator,
            java.util.function.Supplier<Optional<Batch>> batches, Runnable close) {
        return new ResultStream() {
            @Override
            public RowSchema schema() {
                return schema;
            }

            @Override
            public org.apache.arrow.memory.BufferAllocator allocator() {
                return allocator;
            }

            @Override
            public Optional<QueryResult> next() {
                return batches.get().map(batch -> QueryResult.chunk(schema, batch));
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** A stream of a result already held whole. */
    static ResultStream of(QueryResult result) {
        return new ResultStream() {
            private final Iterator<Batch> batches = result.batches().iterator();

            @Override
            public RowSchema schema() {
                return result.schema();
            }

            @Override
            public org.apache.arrow.memory.BufferAllocator allocator() {
                return result.allocator();
            }

            @Override
            public Optional<QueryResult> next() {
                // Closing a chunk closes its batch; closing the stream then closes the rest (again is a no-op).
                return batches.hasNext() ? Optional.of(QueryResult.chunk(result.schema(), batches.next()))
                        : Optional.empty();
            }

            @Override
            public void close() {
                result.close();
            }
        };
    }
}
