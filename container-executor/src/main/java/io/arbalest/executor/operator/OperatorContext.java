package io.arbalest.executor.operator;

import io.arbalest.executor.spill.SpillSpace;
import io.arbalest.planner.error.QueryExecutionException;
import org.apache.arrow.memory.BufferAllocator;

import java.util.Objects;
import java.util.Optional;

/**
 * What every operator of one task draws on, given to its constructor: the allocator whose
 * limit is the task's memory budget (heap that operators hold is reserved against it too, see
 * MemoryBudget), the rows of a batch, and where they may spill (empty: spilling is off, and
 * running out of the budget is an error naming arbalest.query.memory). A task is cancelled by interrupting its
 * thread (a local exchange closed early, an executor told to cancel a job's tasks); operators
 * that read all their input before they answer call {@link #checkCancelled} once per batch.
 */
public record OperatorContext(BufferAllocator allocator, int batchRows, Optional<SpillSpace> spill) {
    public OperatorContext {
        Objects.requireNonNull(allocator, "allocator is null");
        Objects.requireNonNull(spill, "spill is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive: " + batchRows);
        }
    }

    /** Throws when this task's thread was interrupted, leaving it interrupted for later checks. */
    public static void checkCancelled() {
        if (Thread.currentThread().isInterrupted()) {
            throw new QueryExecutionException("The query was cancelled.");
        }
    }

    /** A context that never spills. */
    public static OperatorContext inMemory(BufferAllocator allocator, int batchRows) {
        return new OperatorContext(allocator, batchRows, Optional.empty());
    }

    /** The same context drawing on {@code other} (a task's child allocator). */
    public OperatorContext withAllocator(BufferAllocator other) {
        return new OperatorContext(other, batchRows, spill);
    }
}
