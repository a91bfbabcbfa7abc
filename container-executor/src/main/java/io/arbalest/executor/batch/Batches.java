package io.arbalest.executor.batch;

import io.arbalest.executor.operator.Operator;
import org.apache.arrow.memory.BufferAllocator;

import java.util.Optional;

/** Whole-input helpers for operators that must see every row before emitting (join builds, windows). */
public final class Batches {
    private Batches() {
    }

    /** Drains {@code operator} into one batch allocated from {@code allocator}. */
    public static Batch concatenate(Operator operator, BufferAllocator allocator) {
        try (BufferedBatches buffered = new BufferedBatches(operator.schema())) {
            for (Optional<Batch> next = operator.next(); next.isPresent(); next = operator.next()) {
                buffered.add(next.get());
            }
            return buffered.concatenate(allocator);
        }
    }
}
