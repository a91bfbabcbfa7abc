package io.arbalest.am.driver;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.util.List;

/**
 * The answer of a query: its schema and batches, which hold Arrow memory until {@link #close()}.
 */
public final class QueryResult implements AutoCloseable {
    private final RowSchema schema;
    private final List<Batch> batches;
    private final BufferAllocator allocator;

    public QueryResult(RowSchema schema, List<Batch> batches, BufferAllocator allocator) {
        this.schema = schema;
        this.batches = List.copyOf(batches);
        this.allocator = allocator;
    }

    public RowSchema schema() {
        return schema;
    }

    public List<Batch> batches() {
        return batches;
    }

    public long rowCount() {
        return batches.stream().mapToLong(Batch::rowCount).sum();
    }

    @Override
    public void close() {
        batches.forEach(Batch::close);
        allocator.close();
    }
}
