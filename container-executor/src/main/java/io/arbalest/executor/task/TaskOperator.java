package io.arbalest.executor.task;

import io.arbalest.executor.batch.Batch;
import io.arbalest.executor.operator.Operator;
import io.arbalest.planner.types.RowSchema;
import org.apache.arrow.memory.BufferAllocator;

import java.util.Optional;
import java.util.function.Function;

/** One task's pipeline with the child allocator it owns: closing it closes both, the pipeline first. */
final class TaskOperator implements Operator {
    private final BufferAllocator allocator;
    private final Operator pipeline;

    TaskOperator(BufferAllocator allocator, Function<BufferAllocator, Operator> pipeline) {
        this.allocator = allocator;
        try {
            this.pipeline = pipeline.apply(allocator);
        } catch (RuntimeException | Error e) {
            allocator.close();
            throw e;
        }
    }

    @Override
    public RowSchema schema() {
        return pipeline.schema();
    }

    @Override
    public Optional<Batch> next() {
        return pipeline.next();
    }

    @Override
    public void close() {
        try {
            pipeline.close();
        } finally {
            allocator.close();
        }
    }
}
