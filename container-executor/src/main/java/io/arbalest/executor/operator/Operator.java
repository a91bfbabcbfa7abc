package io.arbalest.executor.operator;

import io.arbalest.executor.batch.Batch;
import io.arbalest.planner.types.RowSchema;

import java.util.Optional;

/**
 * A pull-based operator: each {@link #next()} returns the next batch, owned by the caller, or
 * empty when the stream is done. {@link #close()} releases everything the operator holds,
 * including its inputs, and may be called before the stream is done.
 */
public interface Operator extends AutoCloseable {
    RowSchema schema();

    Optional<Batch> next();

    @Override
    void close();
}
